using Refit;
using TokenPln.Web.Api;

namespace TokenPln.Web.History;

/// <summary>transaction-service for the cashier's history, receipts and shift totals, through the sidecar with the user's own token.</summary>
public interface IHistoryApi
{
    /// <summary>Newest first; transaction-service answers a cashier with their own sales only.</summary>
    [Get("/api/transactions")]
    Task<PagedList<TransactionInfo>> ListAsync([Query] TransactionQuery query, CancellationToken cancellationToken);

    [Get("/api/transactions/{invoice}")]
    Task<TransactionInfo> GetAsync(string invoice, CancellationToken cancellationToken);

    [Post("/api/transactions/{invoice}/status-checks")]
    Task<TransactionInfo> CheckStatusAsync(string invoice, CancellationToken cancellationToken);

    /// <summary>Counts a print of a successful sale's receipt; <c>409 receipt_not_printable</c> otherwise.</summary>
    [Post("/api/transactions/{invoice}/receipt-prints")]
    Task<TransactionInfo> PrintReceiptAsync(string invoice, CancellationToken cancellationToken);

    /// <summary>The receipt as the service lays it out for 32 and 48 columns; reading it records no print. <c>409 receipt_not_printable</c> unless successful.</summary>
    [Get("/api/transactions/{invoice}/receipt")]
    Task<ReceiptDocumentInfo> GetReceiptAsync(string invoice, CancellationToken cancellationToken);

    [Get("/api/transactions/my-shift")]
    Task<MyShiftInfo> MyShiftAsync(CancellationToken cancellationToken);
}
