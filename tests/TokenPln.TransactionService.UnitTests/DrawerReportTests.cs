using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Printing;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

public sealed class DrawerReportTests
{
    private static readonly DateTime OpenedAt = new(2026, 11, 21, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>A drawer opened at 08:00 WIB with Rp 100.000, closed at 15:30 WIB with Rp 500 short, one sale still pending.</summary>
    private static DrawerReport Sample()
    {
        var drawer = new CashDrawer
        {
            Id = 7, CashierId = 10, CashierName = "Budi Santoso", OfficeHoursId = 1, LocalDate = new(2026, 11, 21), OpenedAt = OpenedAt,
            OpeningCash = 100_000, ClosedAt = OpenedAt.AddHours(7.5), ClosedById = 10, ClosedByName = "Budi Santoso", ExpectedCash = 171_000,
            CountedCash = 170_500, Difference = -500, PendingAtClose = 1, PendingTotalAtClose = 20_500,
        };
        DrawerReport.Sale[] sales =
        [
            new("INV-2026112108000001", "hpln20000", "12345678901", TransactionStatus.Success, 20_500, OpenedAt.AddMinutes(10)),
            new("INV-2026112108000002", "hpln50000", "12345678901", TransactionStatus.Success, 50_500, OpenedAt.AddMinutes(20)),
            new("INV-2026112108000003", "hpln20000", "12345678902", TransactionStatus.Failed, 20_500, OpenedAt.AddMinutes(30)),
            new("INV-2026112108000004", "hpln20000", "12345678903", TransactionStatus.Pending, 20_500, OpenedAt.AddMinutes(40)),
        ];
        return DrawerReport.Of(drawer, sales);
    }

    [Fact]
    public void The_close_report_adds_up_successful_sales_by_product_and_lists_pending_ones_without_counting_them()
    {
        var report = Sample();

        report.Products.ShouldBe([new DrawerProductLine("hpln20000", 1, 20_500), new DrawerProductLine("hpln50000", 1, 50_500)]);
        report.Counts.ShouldBe(new DrawerStatusCounts(2, 1, 1));
        (report.Taken, report.Refunds, report.SuccessTotal, report.PendingTotal).ShouldBe((91_500L, 20_500L, 71_000L, 20_500L));
        report.ExpectedCash.ShouldBe(100_000 + report.Taken - report.Refunds);
    }

    [Fact]
    public void The_close_report_prints_on_32_columns()
    {
        Sample().Text.Narrow.ShouldBe(Narrow + "\n");
    }

    [Fact]
    public void The_close_report_prints_on_48_columns()
    {
        Sample().Text.Wide.ShouldBe(Wide + "\n");
    }

    private const string Narrow = """
     LAPORAN TUTUP LACI KAS
================================
Kasir               Budi Santoso
Laci                          #7
Buka           21 Nov 2026 08:00
Tutup          21 Nov 2026 15:30
--------------------------------
PENJUALAN BERHASIL
hpln20000 x1           Rp 20.500
hpln50000 x1           Rp 50.500
--------------------------------
Berhasil                       2
Gagal                          1
Menunggu                       1
--------------------------------
Modal awal            Rp 100.000
Diterima               Rp 91.500
Dikembalikan           Rp 20.500
Seharusnya            Rp 171.000
Dihitung              Rp 170.500
Selisih                  -Rp 500
--------------------------------
MENUNGGU, TIDAK DIHITUNG
INV-2026112108000004   Rp 20.500
Total menunggu         Rp 20.500
================================
""";
    private const string Wide = """
             LAPORAN TUTUP LACI KAS
================================================
Kasir                               Budi Santoso
Laci                                          #7
Buka                           21 Nov 2026 08:00
Tutup                          21 Nov 2026 15:30
------------------------------------------------
PENJUALAN BERHASIL
hpln20000 x1                           Rp 20.500
hpln50000 x1                           Rp 50.500
------------------------------------------------
Berhasil                                       2
Gagal                                          1
Menunggu                                       1
------------------------------------------------
Modal awal                            Rp 100.000
Diterima                               Rp 91.500
Dikembalikan                           Rp 20.500
Seharusnya                            Rp 171.000
Dihitung                              Rp 170.500
Selisih                                  -Rp 500
------------------------------------------------
MENUNGGU, TIDAK DIHITUNG
INV-2026112108000004                   Rp 20.500
Total menunggu                         Rp 20.500
================================================
""";
}
