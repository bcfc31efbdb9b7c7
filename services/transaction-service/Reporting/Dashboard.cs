using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

public sealed record DailyStatusTotal(DateOnly Date, TransactionStatus Status, long Amount, int Count);

public sealed record StatusCounts(int Success, int Failed, int Pending);

/// <summary>Sales whose status IAK contradicts, awaiting the owner's decision: how many and how much money.</summary>
public sealed record DisputedTotals(int Count, long Amount);

public sealed record DailyTotals(DateOnly Date, long Success, long Pending, long Failed, long AvgSuccess, long AvgPending, long AvgFailed);

/// <summary>
/// The owner's money view: what was sold (success), what was lost (failed) and what is still open (pending), in
/// whole rupiah, with a WIB-daily series. Bill inquiries are not sales and never count.
/// </summary>
public sealed record DashboardResponse(long SuccessAmount, long FailedAmount, long PendingAmount, StatusCounts Counts, IReadOnlyList<DailyTotals> Daily,
    DisputedTotals Disputed)
{
    public static DashboardResponse From(IEnumerable<DailyStatusTotal> rows, DisputedTotals? disputed = null)
    {
        var sales = rows.Where(r => r.Status != TransactionStatus.Inquiry).ToList();
        long Sum(TransactionStatus status, IEnumerable<DailyStatusTotal> of) => of.Where(r => r.Status == status).Sum(r => r.Amount);
        int Count(TransactionStatus status, IEnumerable<DailyStatusTotal> of) => of.Where(r => r.Status == status).Sum(r => r.Count);
        long Average(TransactionStatus status, IReadOnlyList<DailyStatusTotal> of) =>
            Count(status, of) is > 0 and var n ? (long)Math.Round((decimal)Sum(status, of) / n, MidpointRounding.AwayFromZero) : 0;

        var daily = sales.GroupBy(r => r.Date).OrderBy(g => g.Key).Select(g =>
        {
            var day = g.ToList();
            return new DailyTotals(g.Key, Sum(TransactionStatus.Success, day), Sum(TransactionStatus.Pending, day), Sum(TransactionStatus.Failed, day),
                Average(TransactionStatus.Success, day), Average(TransactionStatus.Pending, day), Average(TransactionStatus.Failed, day));
        }).ToList();

        return new DashboardResponse(Sum(TransactionStatus.Success, sales), Sum(TransactionStatus.Failed, sales), Sum(TransactionStatus.Pending, sales),
            new StatusCounts(Count(TransactionStatus.Success, sales), Count(TransactionStatus.Failed, sales), Count(TransactionStatus.Pending, sales)), daily,
            disputed ?? new DisputedTotals(0, 0));
    }
}
