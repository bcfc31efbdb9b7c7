using Refit;

namespace TokenPln.Web.Bills;

/// <summary>
/// transaction-service's bill routes, through the sidecar. The payment takes no Idempotency-Key: the inquiry's invoice is
/// the key, and the service moves it to pending exactly once.
/// </summary>
/// <summary>A payment's body: the cash the customer handed over.</summary>
public sealed record BillPaymentRequest(long CashReceived);

public interface IBillApi
{
    /// <summary>Looks the bill up at IAK and keeps it as an inquiry to pay; nothing is paid.</summary>
    [Post("/api/transactions/postpaid/inquiries")]
    Task<BillTransaction> InquireAsync([Body] BillInquiryRequest request, CancellationToken cancellationToken = default);

    /// <summary>201 when final, 202 while IAK is still processing; a second payment of the same inquiry is refused with 409.</summary>
    [Post("/api/transactions/{invoice}/payment")]
    Task<BillTransaction> PayAsync(string invoice, [Body] BillPaymentRequest request, CancellationToken cancellationToken = default);

    /// <summary>The inquiry or payment with its receipt part (periods, arrears, Non-Taglis details).</summary>
    [Get("/api/transactions/{invoice}")]
    Task<BillTransaction> GetAsync(string invoice, CancellationToken cancellationToken = default);
}
