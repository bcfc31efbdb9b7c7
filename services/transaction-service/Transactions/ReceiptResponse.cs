using System.Text.Json;
using TokenPln.Contracts.Json;
using TokenPln.Iak;

namespace TokenPln.TransactionService.Transactions;

/// <summary>One bill of a postpaid payment as IAK itemised it: amounts in whole rupiah, meter readings as IAK wrote them.</summary>
public sealed record ReceiptBill(string? Period, long? Amount, long? Admin, long? Penalty, long? Total, string? MeterStart, string? MeterEnd);

/// <summary>
/// What a PLN receipt prints beyond the sale itself, read from IAK's answers: for a token the tariff, power and kWh of
/// its serial number; for a bill the tariff and power, the sheets paid and still unpaid (arrears), each bill, IAK's
/// reference; for Non-Taglis the kind of charge and its registration number. <c>printCount</c> is how many times the
/// receipt was printed; <c>reprint</c> says the print asked for is not the first ("CETAK ULANG").
/// </summary>
public sealed record ReceiptResponse(
    string? Tariff, int? PowerVa, string? Kwh, string? ReferenceNumber, int? Sheets, int? SheetsRemaining, IReadOnlyList<ReceiptBill>? Bills,
    string? NontaglisType, string? RegistrationNumber, int PrintCount, bool Reprint)
{
    public static ReceiptResponse From(Transaction t, bool reprint)
    {
        if (t.Type == TransactionType.Prepaid)
        {
            // Read from both ends (TokenPln.Iak.PlnSerialNumber): a name containing '/' does not shift the tariff, power and kWh.
            var serial = PlnSerialNumber.Parse(t.SerialNumber);
            return new ReceiptResponse(serial.Tariff, serial.PowerVa, serial.Kwh, null, null, null, null, null, null, t.ReceiptPrints, reprint);
        }

        var bill = Bill(t.ProviderPayload);
        using var desc = Desc(bill?.Detail);
        var root = desc?.RootElement;
        var bills = root?.Get("tagihan")?.Get("detail") is { ValueKind: JsonValueKind.Array } items
            ? items.EnumerateArray().Select(b => new ReceiptBill(b.Text("periode"), b.Long("nilai_tagihan"), b.Long("admin"), b.Long("denda"), b.Long("total"),
                b.Text("meter_awal"), b.Text("meter_akhir"))).ToList()
            : null;
        return new ReceiptResponse(root?.Text("tarif"), root?.Int("daya"), null, bill?.NoRef ?? t.SerialNumber, bill?.Sheets, bill?.SheetsRemaining, bills,
            root?.Text("transaksi"), root?.Text("no_registrasi"), t.ReceiptPrints, reprint);
    }

    // The payload is what this service stored from IAK's answer; one it cannot read leaves the receipt's extras empty
    // rather than refusing the whole sale.
    private static IakBill? Bill(string? payload)
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

    private static JsonDocument? Desc(string? detail)
    {
        if (detail is null) return null;
        try
        {
            return JsonDocument.Parse(detail);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
