using TokenPln.Web.Api;
using TokenPln.Web.History;

namespace TokenPln.Web.Tests.History;

/// <summary>transaction-service as the history, receipt and shift pages see it: the answers the test sets and every call made.</summary>
internal sealed class FakeHistoryApi : IHistoryApi
{
    public List<TransactionInfo> Sales { get; } = [];
    public List<TransactionQuery> Queries { get; } = [];
    public Dictionary<string, TransactionInfo> Details { get; } = [];
    public Queue<TransactionInfo> CheckAnswers { get; } = new();
    public Queue<TransactionInfo> PrintAnswers { get; } = new();
    public Dictionary<string, ReceiptDocumentInfo> Receipts { get; } = [];

    /// <summary>What the receipt reads as after each recorded print, in order.</summary>
    public Queue<ReceiptDocumentInfo> ReceiptsAfterPrint { get; } = new();
    public List<string> Checked { get; } = [];
    public List<string> Printed { get; } = [];
    public MyShiftInfo? Shift { get; set; }
    public Exception? Failure { get; set; }

    public Task<PagedList<TransactionInfo>> ListAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        var size = query.PageSize ?? 20;
        var page = Sales.Skip(((query.Page ?? 1) - 1) * size).Take(size).ToList();
        return Task.FromResult(new PagedList<TransactionInfo>(page, Sales.Count, query.Page ?? 1, size));
    }

    public Task<TransactionInfo> GetAsync(string invoice, CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException<TransactionInfo>(failure) : Task.FromResult(Details[invoice]);

    public Task<TransactionInfo> CheckStatusAsync(string invoice, CancellationToken cancellationToken)
    {
        Checked.Add(invoice);
        var answer = CheckAnswers.Dequeue();
        Details[invoice] = answer;
        return Task.FromResult(answer);
    }

    public async Task<TransactionInfo> PrintReceiptAsync(string invoice, CancellationToken cancellationToken)
    {
        Printed.Add(invoice);
        if (PrintAnswers.Count == 0) throw await FakeTransactionApi.Problem(409, "receipt_not_printable", "Struk hanya dapat dicetak untuk transaksi yang berhasil.");
        if (ReceiptsAfterPrint.TryDequeue(out var after)) Receipts[invoice] = after;
        return PrintAnswers.Dequeue();
    }

    public async Task<ReceiptDocumentInfo> GetReceiptAsync(string invoice, CancellationToken cancellationToken) =>
        Receipts.TryGetValue(invoice, out var receipt)
            ? receipt
            : throw await FakeTransactionApi.Problem(409, "receipt_not_printable", "Struk hanya dapat dicetak untuk transaksi yang berhasil.");

    public Task<MyShiftInfo> MyShiftAsync(CancellationToken cancellationToken) =>
        Failure is { } failure ? Task.FromException<MyShiftInfo>(failure) : Task.FromResult(Shift!);
}

internal static class HistoryData
{
    public const string Invoice = "INV-2024071000000001";
    private static readonly DateTimeOffset At = new(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7));

    public static ReceiptInfo TokenReceipt(int prints = 0, bool reprint = false) =>
        new("R1", 1300, "14.2", null, null, null, null, null, null, prints, reprint);

    /// <summary>A token receipt as transaction-service lays it out; from the second print on, a copy.</summary>
    public static ReceiptDocumentInfo Receipt(int prints = 0)
    {
        var mark = prints > 1 ? "\n      *** CETAK ULANG ***" : "";
        var markWide = prints > 1 ? "\n              *** CETAK ULANG ***" : "";
        return new(Invoice, "token", prints, prints > 1,
            $"STRUK PEMBELIAN LISTRIK PRABAYAR{mark}\n--------------------------------\nNO METER             12345678901\n" +
            "STROOM/TOKEN\n    0123 4567 8901 2345 6789\n",
            $"        STRUK PEMBELIAN LISTRIK PRABAYAR{markWide}\n------------------------------------------------\n" +
            "NO METER                             12345678901\nSTROOM/TOKEN            0123 4567 8901 2345 6789\n");
    }

    public static TransactionInfo Token(string status = "success", ReceiptInfo? receipt = null, string invoice = Invoice) => new(
        invoice, "prepaid", "hpln20000", "12345678901", "BUDI SANTOSO", status, status == "pending" ? "Transaksi sedang diproses." : null,
        20_500, 20_000, 0, status == "success" ? "0123-4567-8901-2345-6789" : null, null, 7, "Kasir Satu", 1, At, At, false,
        [new StatusChangeInfo(null, "pending", "sale", At, 7, "Kasir Satu", null)], receipt ?? TokenReceipt());

    public static TransactionInfo Bill() => new(
        "INV-2024071000000002", "postpaid", "PLNPOSTPAID", "530000000000", "SITI AMINAH", "success", null, 302_500, 297_000, 5_500, null,
        "202609,202610", 7, "Kasir Satu", 1, At, At, false, null,
        new ReceiptInfo("R1", 1300, null, "0BAG210Z6C4E1B6D", 2, 1,
            [
                new ReceiptBillInfo("202609", 150_000, 2_500, 3_000, 155_500, "00080000", "00080100"),
                new ReceiptBillInfo("202610", 147_000, 2_500, 0, 149_500, "00080100", "00080190"),
            ], null, null, 0, false));

    public static TransactionInfo Row(int n) => new(
        $"INV-20240710{n:D8}", "prepaid", "hpln20000", "12345678901", "BUDI SANTOSO", "success", null, 20_500, 20_000, 0, null, null, 7,
        "Kasir Satu", 1, At.AddMinutes(-n), At.AddMinutes(-n), false);
}
