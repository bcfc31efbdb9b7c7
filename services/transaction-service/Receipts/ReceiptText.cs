using TokenPln.Contracts.Money;
using System.Globalization;
using TokenPln.Contracts.Shifts;
using TokenPln.TransactionService.Printing;

namespace TokenPln.TransactionService.Receipts;

/// <summary>
/// A receipt laid out for a thermal printer (<see cref="ThermalText"/>), as PLN counters print them: the title of the
/// kind, "CETAK ULANG" on a reprint, the sale, then only the fields IAK gave (a missing one is left out, never made up).
/// </summary>
public static class ReceiptText
{
    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    private static readonly string[] ShortMonths = ["JAN", "FEB", "MAR", "APR", "MEI", "JUN", "JUL", "AGU", "SEP", "OKT", "NOV", "DES"];

    public static string Print(SaleReceipt receipt, PaperWidth width, bool reprint)
    {
        var text = new ThermalText(width);
        text.Center(receipt.Kind switch
        {
            ReceiptKind.Token => "STRUK PEMBELIAN LISTRIK PRABAYAR",
            ReceiptKind.Bill => "STRUK PEMBAYARAN TAGIHAN LISTRIK",
            _ => "STRUK NON TAGIHAN LISTRIK",
        });
        if (reprint) text.Center("*** CETAK ULANG ***");
        text.Rule()
            .Row("INVOICE", receipt.Invoice)
            .Row("WAKTU", DateTime(receipt.SoldAtUtc) + " WIB")
            .Row("KASIR", receipt.CashierName)
            .Rule();

        if (receipt.Token is { } token) Token(text, token);
        if (receipt.Bill is { } bill) Bill(text, bill);
        if (receipt.NonTaglis is { } charge) NonTaglis(text, charge);
        return text.ToString();
    }

    private static void Token(ThermalText text, TokenReceipt token)
    {
        text.Row("NO METER", token.MeterNumber);
        Optional(text, "IDPEL", token.SubscriberId);
        Optional(text, "NAMA", token.Name);
        Optional(text, "TARIF/DAYA", TariffAndPower(token.Tariff, token.PowerVa));
        Optional(text, "JML KWH", token.Kwh?.Replace('.', ','));
        text.Row("RP BAYAR", Rupiah.Format(token.Paid));
        text.Rule();
        if (token.Token is { } digits)
        {
            text.Text("STROOM/TOKEN").Center(digits.Replace('-', ' ')).Rule();
        }

        text.Center("Informasi Hubungi Call Center 123 atau Hubungi PLN Terdekat");
    }

    private static void Bill(ThermalText text, BillReceipt bill)
    {
        text.Row("IDPEL", bill.SubscriberId);
        Optional(text, "NAMA", bill.Name);
        Optional(text, "TARIF/DAYA", TariffAndPower(bill.Tariff, bill.PowerVa));
        Optional(text, "BL/TH", bill.Periods.Count > 0 ? string.Join(", ", bill.Periods.Select(Period)) : null);
        Optional(text, "STAND METER", bill.MeterStart is { } start && bill.MeterEnd is { } end ? $"{start}-{end}" : null);
        text.Row("RP TAG PLN", Rupiah.Format(bill.Bill));
        if (bill.Penalty > 0) text.Row("DENDA", Rupiah.Format(bill.Penalty));
        Optional(text, "NO REF", bill.Reference);
        text.Row("ADMIN BANK", Rupiah.Format(bill.Admin))
            .Row("TOTAL BAYAR", Rupiah.Format(bill.Total))
            .Rule()
            .Center("PLN menyatakan struk ini sebagai bukti pembayaran yang sah");
        if (bill.ArrearsMonths > 0)
        {
            // IAK requires the arrears left after this payment to be shown to the customer.
            text.Rule().Center($"ANDA MASIH MEMILIKI TUNGGAKAN {bill.ArrearsMonths} BULAN");
        }
    }

    private static void NonTaglis(ThermalText text, NonTaglisReceipt charge)
    {
        Optional(text, "TRANSAKSI", charge.TransactionName);
        text.Row("NO REGISTRASI", charge.RegistrationNumber);
        Optional(text, "TGL REGISTRASI", charge.RegistrationDate is { } day ? Date(day) : null);
        Optional(text, "NAMA", charge.Name);
        text.Row("BIAYA PLN", Rupiah.Format(charge.Amount));
        Optional(text, "NO REF", charge.Reference);
        text.Row("ADMIN BANK", Rupiah.Format(charge.Admin))
            .Row("TOTAL BAYAR", Rupiah.Format(charge.Total))
            .Rule()
            .Center("PLN menyatakan struk ini sebagai bukti pembayaran yang sah");
    }

    private static void Optional(ThermalText text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) text.Row(label, value);
    }

    private static string? TariffAndPower(string? tariff, int? powerVa) => (tariff, powerVa) switch
    {
        ({ } t, { } va) => $"{t}/{Contracts.Money.Rupiah.Group(va)} VA",
        ({ } t, null) => t,
        (null, { } va) => $"{Contracts.Money.Rupiah.Group(va)} VA",
        _ => null,
    };


    // "202609" as PLN receipts print a billing month: SEP26.
    private static string Period(string period) =>
        period.Length == 6 && int.TryParse(period[4..], NumberStyles.None, CultureInfo.InvariantCulture, out var month) && month is >= 1 and <= 12
            ? ShortMonths[month - 1] + period[2..4]
            : period;

    private static string Date(DateOnly day) => $"{day.Day} {Months[day.Month - 1]} {day.Year}";

    private static string DateTime(DateTime utc)
    {
        var wib = TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(utc, DateTimeKind.Utc), ShiftWindow.Jakarta);
        return $"{Date(DateOnly.FromDateTime(wib))} {wib:HH:mm}";
    }

}
