using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

public sealed record DailyMargin(DateOnly Date, long Revenue, long Cost, long Margin, int Count);

/// <summary>
/// Revenue (Σ Price), cost (Σ Cost: what IAK deducted) and gross margin of the successful sales under the list's filters, in
/// whole rupiah, with a WIB-daily series. Failed and pending sales earn nothing and are not counted.
/// </summary>
public sealed record MarginResponse(long Revenue, long Cost, long Margin, int Count, IReadOnlyList<DailyMargin> Daily);

public static class MarginApi
{
    public static IEndpointRouteBuilder MapMarginApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/dashboard/margin", Get).RequireAuthorization(Policies.Owner).WithTags("Dashboard").WithName("GetMargin")
            .WithSummary("Revenue, cost (IAK's price) and gross margin of successful sales, for the same filters as the list and the dashboard");
        return endpoints;
    }

    public static async Task<Results<Ok<MarginResponse>, ValidationProblem, ProblemHttpResult>> Get([AsParameters] TransactionQuery query, HttpContext http,
        TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts, CancellationToken cancellationToken)
    {
        var (filter, errors, _) = await TransactionFilter.ParseAsync(query, CurrentUser.From(http.User), db, shifts, cancellationToken);
        if (filter is null || !errors.IsValid) return errors.ToProblem();

        var days = await DailyAsync(filter, db, cancellationToken);
        var daily = days.OrderBy(d => d.Date).ToList();
        long revenue = daily.Sum(d => d.Revenue), cost = daily.Sum(d => d.Cost);
        return TypedResults.Ok(new MarginResponse(revenue, cost, revenue - cost, daily.Sum(d => d.Count), daily));
    }

    /// <summary>From the rollups where they can answer (as the dashboard), else from the sales themselves.</summary>
    public static async Task<List<DailyMargin>> DailyAsync(TransactionFilter filter, TransactionDbContext db, CancellationToken cancellationToken)
    {
        const TransactionStatus success = TransactionStatus.Success;
        if (!filter.RollupsCanAnswer)
        {
            return await filter.Apply(db.Transactions.AsNoTracking()).Where(t => t.Status == success)
                .GroupBy(t => t.LocalDate)
                .Select(g => new DailyMargin(g.Key, g.Sum(t => t.Price), g.Sum(t => t.Cost), g.Sum(t => t.Price) - g.Sum(t => t.Cost), g.Count()))
                .ToListAsync(cancellationToken);
        }

        if (filter.Shift is { } shift)
        {
            return await filter.Hours(db, shift).Where(h => h.Status == success)
                .GroupBy(h => h.LocalDate)
                .Select(g => new DailyMargin(g.Key, g.Sum(h => h.Amount), g.Sum(h => h.Cost), g.Sum(h => h.Amount) - g.Sum(h => h.Cost), g.Sum(h => h.Count)))
                .ToListAsync(cancellationToken);
        }

        return await filter.Days(db).Where(d => d.Status == success)
            .GroupBy(d => d.LocalDate)
            .Select(g => new DailyMargin(g.Key, g.Sum(d => d.Amount), g.Sum(d => d.Cost), g.Sum(d => d.Amount) - g.Sum(d => d.Cost), g.Sum(d => d.Count)))
            .ToListAsync(cancellationToken);
    }
}
