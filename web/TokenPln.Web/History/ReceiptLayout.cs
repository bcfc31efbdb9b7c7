using System.Globalization;
using TokenPln.Web.Api;
using TokenPln.Web.Formatting;

namespace TokenPln.Web.History;

/// <summary>One printed line of a receipt: a PLN receipt's label in capitals and its value.</summary>
public sealed record ReceiptLine(string Key, string Label, string Value);

/// <summary>A receipt as printed: its title, its lines, the token (grouped) of a token sale, and the notes under it.</summary>
public sealed record ReceiptSheet(string Title, IReadOnlyList<ReceiptLine> Lines, string? Token, IReadOnlyList<string> Notes);

/// <summary>
/// Lays a sale out like PLN's own receipts (labels such as NO METER, IDPEL, TARIF/DAYA, BL/TH, RP BAYAR) with every field
/// transaction-service holds; a field it does not hold is left off rather than printed empty.
/// </summary>
public static class ReceiptLayout
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES"];

    public static ReceiptSheet For(TransactionInfo sale) => sale.Type switch
    {
        SaleTypes.Prepaid => Token(sale),
        SaleTypes.Nontaglis => Nontaglis(sale),
        _ => Bill(sale),
    };

    private static ReceiptSheet Token(TransactionInfo sale)
    {
        var receipt = sale.Receipt;
        var lines = new List<ReceiptLine> { new("meter", "NO METER", sale.CustomerId) };
        Add(lines, "name", "NAMA", sale.CustomerName);
        Add(lines, "tariff", "TARIF/DAYA", TariffPower(receipt));
        lines.Add(new("invoice", "NO REF", sale.Invoice));
        lines.Add(new("nominal", "RP STROOM/TOKEN", Rupiah.Format(sale.Nominal)));
        Add(lines, "kwh", "JML KWH", receipt?.Kwh is { } kwh ? Kwh(kwh) : null);
        lines.Add(new("admin", "ADMIN", Rupiah.Format(sale.Admin)));
        lines.Add(new("price", "RP BAYAR", Rupiah.Format(sale.Price)));
        AddTimeAndCashier(lines, sale);
        return new ReceiptSheet("STRUK PEMBELIAN LISTRIK PRABAYAR", lines, sale.Token is { } token ? TokenNumber.Group(token) : null,
            ["Simpan struk ini sebagai bukti pembelian yang sah.", "Informasi hubungi Call Center PLN 123."]);
    }

    private static ReceiptSheet Bill(TransactionInfo sale)
    {
        var receipt = sale.Receipt;
        var bills = receipt?.Bills ?? [];
        var lines = new List<ReceiptLine> { new("idpel", "IDPEL", sale.CustomerId) };
        Add(lines, "name", "NAMA", sale.CustomerName);
        Add(lines, "tariff", "TARIF/DAYA", TariffPower(receipt));
        Add(lines, "period", "BL/TH", bills.Count > 0
            ? string.Join(", ", bills.Select(b => Period(b.Period)).Where(p => p.Length > 0))
            : sale.Period is { } period ? Period(period) : null);
        Add(lines, "sheets", "LEMBAR", receipt?.Sheets?.ToString(CultureInfo.InvariantCulture));
        Add(lines, "meter", "STAND METER", bills.Count > 0 && bills[0].MeterStart is { } start && bills[^1].MeterEnd is { } end ? $"{start}-{end}" : null);
        foreach (var (bill, index) in bills.Select((b, i) => (b, i)))
        {
            Add(lines, $"bill-{index}", $"TAGIHAN {Period(bill.Period)}".TrimEnd(), bill.Total is { } total ? Rupiah.Format(total) : null);
        }

        lines.Add(new("nominal", "RP TAG PLN", Rupiah.Format(sale.Nominal)));
        var penalty = bills.Sum(b => b.Penalty ?? 0);
        if (penalty > 0) lines.Add(new("penalty", "DENDA", Rupiah.Format(penalty)));
        lines.Add(new("admin", "ADMIN BANK", Rupiah.Format(sale.Admin)));
        lines.Add(new("price", "TOTAL BAYAR", Rupiah.Format(sale.Price)));
        Add(lines, "reference", "NO REF", receipt?.ReferenceNumber);
        lines.Add(new("invoice", "INVOICE", sale.Invoice));
        AddTimeAndCashier(lines, sale);
        var notes = new List<string>();
        if (receipt?.SheetsRemaining is > 0 and var remaining)
        {
            notes.Add($"Anda masih memiliki tunggakan {remaining} lembar tagihan.");
        }

        notes.Add("PLN menyatakan struk ini sebagai bukti pembayaran yang sah.");
        return new ReceiptSheet("STRUK PEMBAYARAN TAGIHAN LISTRIK", lines, null, notes);
    }

    private static ReceiptSheet Nontaglis(TransactionInfo sale)
    {
        var receipt = sale.Receipt;
        var lines = new List<ReceiptLine>();
        Add(lines, "nontaglis-type", "TRANSAKSI", receipt?.NontaglisType);
        Add(lines, "registration", "NO REGISTRASI", receipt?.RegistrationNumber);
        lines.Add(new("idpel", "IDPEL", sale.CustomerId));
        Add(lines, "name", "NAMA", sale.CustomerName);
        lines.Add(new("nominal", "RP TAG PLN", Rupiah.Format(sale.Nominal)));
        lines.Add(new("admin", "ADMIN BANK", Rupiah.Format(sale.Admin)));
        lines.Add(new("price", "TOTAL BAYAR", Rupiah.Format(sale.Price)));
        Add(lines, "reference", "NO REF", receipt?.ReferenceNumber);
        lines.Add(new("invoice", "INVOICE", sale.Invoice));
        AddTimeAndCashier(lines, sale);
        return new ReceiptSheet("STRUK NON TAGIHAN LISTRIK", lines, null, ["PLN menyatakan struk ini sebagai bukti pembayaran yang sah."]);
    }

    /// <summary>IAK's <c>YYYYMM</c> as PLN prints it (<c>SEP26</c>); anything else as it came.</summary>
    public static string Period(string? period)
    {
        if (string.IsNullOrWhiteSpace(period)) return "";
        var text = period.Trim();
        return text.Length == 6 && text.All(char.IsAsciiDigit) && int.Parse(text[4..], CultureInfo.InvariantCulture) is >= 1 and <= 12 and var month
            ? $"{Months[month - 1]}{text[2..4]}"
            : text;
    }

    private static void AddTimeAndCashier(List<ReceiptLine> lines, TransactionInfo sale)
    {
        lines.Add(new("time", "WAKTU", $"{Wib.Format(sale.CreatedAt)} WIB"));
        lines.Add(new("cashier", "KASIR", sale.CashierName));
    }

    private static string? TariffPower(ReceiptInfo? receipt) => receipt switch
    {
        { Tariff: { } tariff, PowerVa: { } power } => $"{tariff}/{power} VA",
        { Tariff: { } tariff } => tariff,
        { PowerVa: { } power } => $"{power} VA",
        _ => null,
    };

    // IAK writes kWh with a decimal point; the receipt uses the Indonesian comma.
    private static string Kwh(string kwh) => kwh.Trim().Replace('.', ',');

    private static void Add(List<ReceiptLine> lines, string key, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) lines.Add(new(key, label, value));
    }
}
