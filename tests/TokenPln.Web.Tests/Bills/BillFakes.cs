using TokenPln.Web.Api;
using TokenPln.Web.Bills;

namespace TokenPln.Web.Tests.Bills;

internal static class BillData
{
    public const string CustomerId = "530000000999";
    public const string Invoice = "INV-2024071000000007";

    /// <summary>Eight unpaid sheets: four paid now (three of them arrears), four left for later.</summary>
    public static BillTransaction Inquiry(string status = "inquiry", string? message = "Tagihan ditemukan; siap dibayar.") => new(
        Invoice, "postpaid", BillProducts.PostpaidCode, CustomerId, "PELANGGAN 0999", status, message,
        Price: 210_000, Nominal: 200_000, Admin: 10_000, Period: "202403,202404,202405,202406",
        new DateTimeOffset(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2024, 7, 10, 7, 55, 0, TimeSpan.FromHours(7)));

    public static BillTransaction WithReceipt(BillTransaction bill) => bill with
    {
        Receipt = new BillReceipt("R1", 1300, null, Sheets: 8, SheetsRemaining: 4,
            [
                new BillSheet("202403", 50_000, 2_500, 0, 52_500, null, null),
                new BillSheet("202404", 50_000, 2_500, 5_000, 52_500, null, null),
                new BillSheet("202405", 50_000, 2_500, 0, 52_500, null, null),
                new BillSheet("202406", 50_000, 2_500, 0, 52_500, null, null),
            ], null, null),
    };

    public static BillTransaction NonTaglis(string status = "inquiry") => new(
        "INV-2024071000000008", "nontaglis", BillProducts.DefaultNonTaglisCode, "3225031234567", "PEMOHON 4567", status, null,
        Price: 101_600, Nominal: 100_000, Admin: 1_600, Period: "",
        new DateTimeOffset(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7)), new DateTimeOffset(2024, 7, 10, 7, 55, 0, TimeSpan.FromHours(7)),
        new BillReceipt(null, null, null, null, null, null, "PENYAMBUNGAN BARU", "3225031234567"));
}

internal sealed class FakeBillApi : IBillApi
{
    public List<BillInquiryRequest> Inquiries { get; } = [];
    public List<string> Payments { get; } = [];

    /// <summary>The answer to an inquiry; by default the bill of <see cref="BillData.Inquiry"/>.</summary>
    public Func<BillInquiryRequest, Task<BillTransaction>> InquiryAnswer { get; set; } = _ => Task.FromResult(BillData.Inquiry());

    /// <summary>The answers to the payments, in order; a payment beyond them waits for <see cref="Pending"/>.</summary>
    public Queue<Func<Task<BillTransaction>>> PaymentAnswers { get; } = new();

    public TaskCompletionSource<BillTransaction> Pending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What a look at the sale answers: the receipt-bearing detail, as the service holds it now.</summary>
    public Func<string, BillTransaction> Stored { get; set; } = _ => BillData.WithReceipt(BillData.Inquiry());

    public Task<BillTransaction> InquireAsync(BillInquiryRequest request, CancellationToken cancellationToken = default)
    {
        Inquiries.Add(request);
        return InquiryAnswer(request);
    }

    /// <summary>The cash sent with each payment, in order.</summary>
    public List<long> CashSent { get; } = [];

    public Task<BillTransaction> PayAsync(string invoice, BillPaymentRequest request, CancellationToken cancellationToken = default)
    {
        Payments.Add(invoice);
        CashSent.Add(request.CashReceived);
        return PaymentAnswers.TryDequeue(out var answer) ? answer() : Pending.Task;
    }

    public Task<BillTransaction> GetAsync(string invoice, CancellationToken cancellationToken = default) => Task.FromResult(Stored(invoice));
}
