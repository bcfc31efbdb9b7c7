using System.Globalization;
using System.Text.Json;
using TokenPln.Contracts.Json;
using TokenPln.Iak;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Receipts;

public enum ReceiptKind
{
    Token,
    Bill,
    NonTaglis,
}

/// <summary>A PLN token's receipt: what IAK told of the meter and the token; a part IAK did not give stays null.</summary>
public sealed record TokenReceipt(string MeterNumber, string? SubscriberId, string? Name, string? Tariff, int? PowerVa, string? Kwh, string? Token, long Paid);

/// <summary>One month of a postpaid payment as IAK itemised it, amounts in whole rupiah.</summary>
public sealed record BilledMonth(string Period, long? Amount, long? Penalty, long? Admin, long? Total, string? MeterStart, string? MeterEnd);

/// <summary>
/// A postpaid bill's receipt: <c>Bill</c> is IAK's nominal, <c>Total</c> what the customer paid; <c>ArrearsMonths</c> the
/// bills still unpaid after this payment (IAK's lembar_tagihan_sisa), which the receipt must print when above zero.
/// </summary>
public sealed record BillReceipt(string SubscriberId, string? Name, string? Tariff, int? PowerVa, IReadOnlyList<string> Periods, string? MeterStart,
    string? MeterEnd, string? Reference, long Bill, long Penalty, long Admin, long Total, int? Sheets, int ArrearsMonths, IReadOnlyList<BilledMonth> Months);

/// <summary>A Non-Taglis receipt: the charge's name (new connection, power change...), its registration and amounts.</summary>
public sealed record NonTaglisReceipt(string? TransactionName, string RegistrationNumber, DateOnly? RegistrationDate, string? Name, string? Reference,
    long Amount, long Admin, long Total);

/// <summary>
/// Everything one successful sale's receipt prints, read only from what the sale kept of IAK's answers: exactly one of
/// <see cref="Token"/>, <see cref="Bill"/> and <see cref="NonTaglis"/> is set, by <see cref="Kind"/>.
/// </summary>
public sealed record SaleReceipt(string Invoice, ReceiptKind Kind, DateTime SoldAtUtc, string CashierName, TokenReceipt? Token, BillReceipt? Bill,
    NonTaglisReceipt? NonTaglis)
{
    public static SaleReceipt From(Transaction sale) => sale.Type switch
    {
        TransactionType.Prepaid => new(sale.Invoice, ReceiptKind.Token, sale.CreatedAt, sale.CashierName, TokenOf(sale), null, null),
        TransactionType.Postpaid => new(sale.Invoice, ReceiptKind.Bill, sale.CreatedAt, sale.CashierName, null, BillOf(sale), null),
        _ => new(sale.Invoice, ReceiptKind.NonTaglis, sale.CreatedAt, sale.CashierName, null, null, NonTaglisOf(sale)),
    };

    private static TokenReceipt TokenOf(Transaction sale)
    {
        var serial = PlnSerialNumber.Parse(sale.SerialNumber);
        return new TokenReceipt(sale.CustomerId, sale.SubscriberId, serial.Name ?? sale.CustomerName, serial.Tariff, serial.PowerVa, serial.Kwh,
            serial.Token, sale.Price);
    }

    private static BillReceipt BillOf(Transaction sale)
    {
        var answer = StoredBill(sale.ProviderPayload);
        using var desc = Desc(answer?.Detail);
        var root = desc?.RootElement;
        var months = root?.Get("tagihan")?.Get("detail") is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray().Where(b => b.Text("periode") is not null).Select(b => new BilledMonth(b.Text("periode")!, b.Long("nilai_tagihan"),
                b.Long("denda"), b.Long("admin"), b.Long("total"), b.Text("meter_awal"), b.Text("meter_akhir"))).ToList()
            : [];
        IReadOnlyList<string> periods = months.Count > 0
            ? months.Select(m => m.Period).ToList()
            : (sale.Period ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var arrears = answer?.SheetsRemaining ?? root?.Int("lembar_tagihan_sisa") ?? 0;
        return new BillReceipt(sale.CustomerId, sale.CustomerName ?? answer?.CustomerName, root?.Text("tarif"), root?.Int("daya"), periods,
            months.FirstOrDefault()?.MeterStart, months.LastOrDefault()?.MeterEnd, answer?.NoRef ?? sale.SerialNumber, sale.Nominal,
            months.Sum(m => m.Penalty ?? 0), sale.Admin, sale.Price, answer?.Sheets, Math.Max(arrears, 0), months);
    }

    private static NonTaglisReceipt NonTaglisOf(Transaction sale)
    {
        var answer = StoredBill(sale.ProviderPayload);
        using var desc = Desc(answer?.Detail);
        var root = desc?.RootElement;
        var date = DateOnly.TryParseExact(root?.Text("tanggal_registrasi"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : (DateOnly?)null;
        return new NonTaglisReceipt(root?.Text("transaksi"), root?.Text("no_registrasi") ?? sale.CustomerId, date, sale.CustomerName ?? answer?.CustomerName,
            answer?.NoRef ?? sale.SerialNumber, sale.Nominal, sale.Admin, sale.Price);
    }

    // What this service stored of IAK's last answer on the bill; one it cannot read leaves the receipt to the sale's own
    // columns rather than refusing to print a paid bill.
    private static IakBill? StoredBill(string? payload)
    {
        if (payload is null) return null;
        try
        {
            return JsonSerializer.Deserialize<IakBill>(payload, ApiJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // IAK sends desc as an object, or as a string when it is empty.
    private static JsonDocument? Desc(string? detail)
    {
        if (string.IsNullOrWhiteSpace(detail)) return null;
        try
        {
            var document = JsonDocument.Parse(detail);
            if (document.RootElement.ValueKind == JsonValueKind.Object) return document;
            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
