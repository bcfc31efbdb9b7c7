using TokenPln.Web.Owner;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Tests.Owner;

public class DashboardFiguresTests
{
    private static readonly DashboardAnswer Answer = new(
        SuccessAmount: 61_500, FailedAmount: 20_500, PendingAmount: 51_000, new StatusCountsAnswer(Success: 3, Failed: 1, Pending: 1),
        [
            new DailyTotalsAnswer(new DateOnly(2024, 7, 11), Success: 41_000, Pending: 51_000, Failed: 0, 20_500, 51_000, 0),
            new DailyTotalsAnswer(new DateOnly(2024, 7, 10), Success: 20_500, Pending: 0, Failed: 20_500, 20_500, 0, 20_500),
        ],
        new DisputedTotalsAnswer(1, 20_500));

    [Fact]
    public void Cards_show_amount_and_count_for_success_pending_and_failed_in_that_order()
    {
        var figures = DashboardFigures.From(Answer);

        figures.Cards.ShouldBe(
        [
            new StatusFigure("success", "Berhasil", 61_500, 3),
            new StatusFigure("pending", "Diproses", 51_000, 1),
            new StatusFigure("failed", "Gagal", 20_500, 1),
        ]);
        figures.TotalCount.ShouldBe(5);
        figures.HasSales.ShouldBeTrue();
    }

    [Fact]
    public void The_count_chart_has_one_slice_per_status_with_its_label()
    {
        var figures = DashboardFigures.From(Answer);

        figures.CountLabels.ShouldBe(["Berhasil", "Diproses", "Gagal"]);
        figures.Counts.ShouldBe([3L, 1L, 1L]);
    }

    [Fact]
    public void The_daily_chart_runs_in_date_order_with_an_amount_series_per_status()
    {
        var figures = DashboardFigures.From(Answer);

        figures.DayLabels.ShouldBe(["10 Jul", "11 Jul"]);
        figures.Daily.Select(d => d.Label).ShouldBe(["Berhasil", "Diproses", "Gagal"]);
        figures.Daily[0].Amounts.ShouldBe([20_500L, 41_000L]);
        figures.Daily[1].Amounts.ShouldBe([0L, 51_000L]);
        figures.Daily[2].Amounts.ShouldBe([20_500L, 0L]);
    }

    [Fact]
    public void Disputed_sales_are_counted_apart()
    {
        var figures = DashboardFigures.From(Answer);

        figures.DisputedCount.ShouldBe(1);
        figures.DisputedAmount.ShouldBe(20_500);
    }

    [Fact]
    public void An_answer_without_sales_has_no_chart_data()
    {
        var figures = DashboardFigures.From(new DashboardAnswer(0, 0, 0, new StatusCountsAnswer(0, 0, 0), [], null));

        figures.HasSales.ShouldBeFalse();
        figures.DayLabels.ShouldBeEmpty();
        figures.DisputedCount.ShouldBe(0);
    }
}
