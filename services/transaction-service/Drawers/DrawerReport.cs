using TokenPln.Contracts.Money;
using TokenPln.TransactionService.Printing;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Drawers;

public sealed record DrawerResponse(
    long Id, int CashierId, string CashierName, int? OfficeHoursId, DateOnly LocalDate, DateTimeOffset OpenedAt, long OpeningCash,
    DateTimeOffset? ShiftEndsAt, bool Open, DateTimeOffset? ClosedAt, int? ClosedById, string? ClosedByName, string? CloseReason,
    long? ExpectedCash, long? CountedCash, long? Difference, int PendingAtClose, long PendingTotalAtClose)
{
    public static DrawerResponse From(CashDrawer d) => new(
        d.Id, d.CashierId, d.CashierName, d.OfficeHoursId, d.LocalDate, TransactionResponse.Wib(d.OpenedAt), d.OpeningCash,
        d.ShiftEndsAt is { } ends ? TransactionResponse.Wib(ends) : null, d.IsOpen, d.ClosedAt is { } closed ? TransactionResponse.Wib(closed) : null,
        d.ClosedById, d.ClosedByName, d.CloseReason, d.ExpectedCash, d.CountedCash, d.Difference, d.PendingAtClose, d.PendingTotalAtClose);
}

/// <summary>Successful sales of one product: how many, and what the customers paid.</summary>
public sealed record DrawerProductLine(string ProductCode, int Count, long Total);

public sealed record DrawerStatusCounts(int Success, int Failed, int Pending);

/// <summary>A sale still pending: the customer paid, IAK has not said. Listed on the report, not counted in the expected cash.</summary>
public sealed record DrawerPendingSale(string Invoice, string ProductCode, string CustomerId, long Price, DateTimeOffset CreatedAt);

/// <summary>The close report as text for 58 mm (32 columns) and 80 mm (48 columns) thermal paper.</summary>
public sealed record DrawerReportText(string Narrow, string Wide);

/// <summary>
/// The drawer's close report. <c>taken</c> is what settled sales took (their price, success or failed), <c>refunds</c> what
/// failed ones handed back, so <c>expected = opening + taken − refunds</c>, which is the opening plus the successful sales.
/// Sales still pending are listed and not counted (their outcome is not known; see <see cref="DrawerLedger"/>).
/// For a closed drawer, expected, counted and difference are the ones recorded at close; products, counts and the pending
/// list are the sales as they are now.
/// </summary>
public sealed record DrawerReport(
    DrawerResponse Drawer, IReadOnlyList<DrawerProductLine> Products, DrawerStatusCounts Counts, long Taken, long Refunds, long SuccessTotal,
    IReadOnlyList<DrawerPendingSale> Pending, long PendingTotal, long ExpectedCash, long? CountedCash, long? Difference, DrawerReportText Text)
{
    /// <summary>One drawer's sales, as read by <see cref="DrawerLedger"/>.</summary>
    public sealed record Sale(string Invoice, string ProductCode, string CustomerId, TransactionStatus Status, long Price, DateTime CreatedAt);

    /// <summary>What a drawer should hold now: opening plus the successful sales (taken minus refunds).</summary>
    public static long Expected(CashDrawer drawer, IReadOnlyCollection<Sale> sales) =>
        drawer.OpeningCash + sales.Where(s => s.Status == TransactionStatus.Success).Sum(s => s.Price);

    public static DrawerReport Of(CashDrawer drawer, IReadOnlyCollection<Sale> sales)
    {
        var success = sales.Where(s => s.Status == TransactionStatus.Success).ToList();
        var failed = sales.Where(s => s.Status == TransactionStatus.Failed).ToList();
        var pending = sales.Where(s => s.Status == TransactionStatus.Pending).OrderBy(s => s.CreatedAt).ThenBy(s => s.Invoice).ToList();
        var products = success.GroupBy(s => s.ProductCode).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new DrawerProductLine(g.Key, g.Count(), g.Sum(s => s.Price))).ToList();
        var taken = success.Sum(s => s.Price) + failed.Sum(s => s.Price);
        var refunds = failed.Sum(s => s.Price);
        var expected = drawer.ExpectedCash ?? Expected(drawer, sales);
        var report = new DrawerReport(DrawerResponse.From(drawer), products, new DrawerStatusCounts(success.Count, failed.Count, pending.Count), taken,
            refunds, success.Sum(s => s.Price),
            pending.Select(s => new DrawerPendingSale(s.Invoice, s.ProductCode, s.CustomerId, s.Price, TransactionResponse.Wib(s.CreatedAt))).ToList(),
            pending.Sum(s => s.Price), expected, drawer.CountedCash, drawer.Difference, new DrawerReportText("", ""));
        return report with { Text = new DrawerReportText(report.Print(PaperWidth.Narrow), report.Print(PaperWidth.Wide)) };
    }

    /// <summary>The report on thermal paper, on the same layout as receipts.</summary>
    public string Print(PaperWidth width)
    {
        var text = new ThermalText(width)
            .Center(Drawer.Open ? "LAPORAN LACI KAS (MASIH BUKA)" : "LAPORAN TUTUP LACI KAS")
            .Rule('=')
            .Row("Kasir", Drawer.CashierName)
            .Row("Laci", $"#{Drawer.Id}")
            .Row("Buka", DrawerText.Wib(Drawer.OpenedAt.UtcDateTime));
        if (Drawer.ClosedAt is { } closedAt)
        {
            text.Row("Tutup", DrawerText.Wib(closedAt.UtcDateTime));
            if (Drawer.CloseReason is { } reason)
            {
                text.Row("Ditutup oleh", Drawer.ClosedByName ?? "Pemilik").Text($"Alasan: {reason}");
            }
        }

        text.Rule().Text("PENJUALAN BERHASIL");
        if (Products.Count == 0) text.Text("Belum ada.");
        foreach (var line in Products)
        {
            text.Row($"{line.ProductCode} x{line.Count}", Rupiah.Format(line.Total));
        }

        text.Rule()
            .Row("Berhasil", Counts.Success.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Row("Gagal", Counts.Failed.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Row("Menunggu", Counts.Pending.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Rule()
            .Row("Modal awal", Rupiah.Format(Drawer.OpeningCash))
            .Row("Diterima", Rupiah.Format(Taken))
            .Row("Dikembalikan", Rupiah.Format(Refunds))
            .Row("Seharusnya", Rupiah.Format(ExpectedCash))
            .Row("Dihitung", CountedCash is { } counted ? Rupiah.Format(counted) : "-")
            .Row("Selisih", Difference is { } difference ? Rupiah.Format(difference) : "-");
        if (Pending.Count > 0)
        {
            text.Rule().Text("MENUNGGU, TIDAK DIHITUNG");
            foreach (var sale in Pending)
            {
                text.Row(sale.Invoice, Rupiah.Format(sale.Price));
            }

            text.Row("Total menunggu", Rupiah.Format(PendingTotal));
        }

        return text.Rule('=').ToString();
    }
}
