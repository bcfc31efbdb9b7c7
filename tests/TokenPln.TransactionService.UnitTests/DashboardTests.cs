using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.UnitTests;

public class DashboardTests
{
    private static readonly DateOnly Day1 = new(2026, 11, 20);
    private static readonly DateOnly Day2 = new(2026, 11, 21);

    [Fact]
    public void Totals_split_money_by_status_and_ignore_bill_inquiries()
    {
        var dashboard = DashboardResponse.From(
        [
            new DailyStatusTotal(Day1, TransactionStatus.Success, 70_500, 2),
            new DailyStatusTotal(Day1, TransactionStatus.Failed, 20_500, 1),
            new DailyStatusTotal(Day2, TransactionStatus.Success, 100_500, 1),
            new DailyStatusTotal(Day2, TransactionStatus.Pending, 50_500, 1),
            new DailyStatusTotal(Day2, TransactionStatus.Inquiry, 999_999, 3),
        ]);

        (dashboard.SuccessAmount, dashboard.FailedAmount, dashboard.PendingAmount).ShouldBe((171_000L, 20_500L, 50_500L));
        dashboard.Counts.ShouldBe(new StatusCounts(3, 1, 1));
    }

    [Fact]
    public void The_daily_series_sums_and_averages_each_status_per_wib_day()
    {
        var dashboard = DashboardResponse.From(
        [
            new DailyStatusTotal(Day2, TransactionStatus.Success, 100_000, 3),
            new DailyStatusTotal(Day1, TransactionStatus.Success, 70_500, 2),
            new DailyStatusTotal(Day1, TransactionStatus.Failed, 20_500, 1),
        ]);

        dashboard.Daily.ShouldBe(
        [
            new DailyTotals(Day1, 70_500, 0, 20_500, 35_250, 0, 20_500),
            new DailyTotals(Day2, 100_000, 0, 0, 33_333, 0, 0),
        ]);
    }

    [Fact]
    public void The_daily_series_adds_up_to_the_totals()
    {
        var rows = Enumerable.Range(0, 30).SelectMany(d => new[]
        {
            new DailyStatusTotal(Day1.AddDays(d), TransactionStatus.Success, 20_500L * (d + 1), d + 1),
            new DailyStatusTotal(Day1.AddDays(d), TransactionStatus.Failed, 50_500L * (d % 3), d % 3),
            new DailyStatusTotal(Day1.AddDays(d), TransactionStatus.Pending, 100_500L * (d % 2), d % 2),
        }).ToList();

        var dashboard = DashboardResponse.From(rows);

        dashboard.Daily.Sum(d => d.Success).ShouldBe(dashboard.SuccessAmount);
        dashboard.Daily.Sum(d => d.Failed).ShouldBe(dashboard.FailedAmount);
        dashboard.Daily.Sum(d => d.Pending).ShouldBe(dashboard.PendingAmount);
    }

    [Fact]
    public void No_sales_is_all_zeroes_and_an_empty_series()
    {
        var dashboard = DashboardResponse.From([]);

        (dashboard.SuccessAmount, dashboard.FailedAmount, dashboard.PendingAmount, dashboard.Daily.Count).ShouldBe((0L, 0L, 0L, 0));
    }
}
