using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

public static class ReportingApi
{
    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        var transactions = endpoints.MapGroup("/api/transactions").WithTags("Transactions").RequireAuthorization(Policies.Staff);
        transactions.MapGet("/", List).WithName("ListTransactions")
            .WithSummary("Sales, newest first, with filters; a cashier sees only their own");
        transactions.MapGet("/export.csv", Export).RequireAuthorization(Policies.Owner).WithName("ExportTransactionsCsv")
            .WithSummary("The filtered list as a CSV file (every page, newest first, WIB times), streamed row by row; page and pageSize are ignored")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        transactions.MapGet("/my-shift", MyShift).RequireAuthorization(Policies.Cashier).WithName("GetMyShiftTotals")
            .WithSummary("The calling cashier's own counts and amounts by status in their current shift window (WIB)");
        transactions.MapGet("/{invoice}", Get).WithName("GetTransaction").WithSummary("One sale with its token for the receipt and its status history");
        endpoints.MapGet("/api/dashboard", Dashboard).RequireAuthorization(Policies.Owner).WithTags("Dashboard").WithName("GetDashboard")
            .WithSummary("Success, failed (loss) and pending amounts with a daily WIB series, for the same filters as the list");
        return endpoints;
    }

    public static async Task<Results<Ok<PagedList<TransactionResponse>>, ValidationProblem, ProblemHttpResult>> List([AsParameters] TransactionQuery query,
        HttpContext http, TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts, CancellationToken cancellationToken)
    {
        var (filter, errors, forbidden) = await TransactionFilter.ParseAsync(query, CurrentUser.From(http.User), db, shifts, cancellationToken);
        var paging = Paging.From(query.Page, query.PageSize, errors);
        if (forbidden) return OtherCashier();
        if (filter is null || !errors.IsValid) return errors.ToProblem();

        var selected = filter.Apply(db.Transactions.AsNoTracking());
        var total = await filter.CountAsync(db, cancellationToken);
        var page = await selected.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id).Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        var forOwner = CurrentUser.From(http.User).IsOwner;
        return TypedResults.Ok(new PagedList<TransactionResponse>(page.Select(t => TransactionResponse.From(t) with { Cost = forOwner ? t.Cost : null }).ToList(), total,
            paging.Page, paging.PageSize));
    }

    public static async Task<Results<PushStreamHttpResult, ValidationProblem, ProblemHttpResult>> Export([AsParameters] TransactionQuery query,
        HttpContext http, TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (filter, errors, _) = await TransactionFilter.ParseAsync(query, CurrentUser.From(http.User), db, shifts, cancellationToken);
        if (filter is null || !errors.IsValid) return errors.ToProblem();

        // The name is plain ASCII: the quoted form is all a browser needs, without the filename* form the stream result would add.
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{TransactionExport.FileName(clock.GetUtcNow())}\"";
        return TypedResults.Stream(body => TransactionExport.WriteAsync(body, filter, db, cancellationToken), TransactionExport.ContentType);
    }

    public static async Task<Results<Ok<MyShiftResponse>, ProblemHttpResult>> MyShift(HttpContext http, TransactionDbContext db,
        ShiftDirectory<TransactionDbContext> shifts, TimeProvider clock, CancellationToken cancellationToken)
    {
        var totals = await MyShiftTotals.ForAsync(CurrentUser.From(http.User), db, shifts, clock.GetUtcNow(), cancellationToken);
        return totals is null
            ? ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.OutsideShift, "Saat ini Anda tidak berada di dalam jam kerja (shift) Anda.")
            : TypedResults.Ok(totals);
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> Get(string invoice, HttpContext http,
        TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Transactions.VisibleToAsync(invoice, CurrentUser.From(http.User), cancellationToken) is not { } found)
        {
            return SaleVisibility.NotFoundOrInvalid(invoice);
        }

        var history = await db.StatusChanges.AsNoTracking().Where(s => s.TransactionId == found.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(TransactionResponse.From(found, history, forOwner: CurrentUser.From(http.User).IsOwner) with
        {
            Receipt = ReceiptResponse.From(found, reprint: found.ReceiptPrints > 0),
        });
    }

    public static async Task<Results<Ok<DashboardResponse>, ValidationProblem, ProblemHttpResult>> Dashboard([AsParameters] TransactionQuery query,
        HttpContext http, TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts, CancellationToken cancellationToken)
    {
        var (filter, errors, _) = await TransactionFilter.ParseAsync(query, CurrentUser.From(http.User), db, shifts, cancellationToken);
        if (filter is null || !errors.IsValid) return errors.ToProblem();

        var rows = await filter.DashboardRowsAsync(db, cancellationToken);
        var disputed = await filter.DisputedAsync(db, cancellationToken);
        return TypedResults.Ok(DashboardResponse.From(rows, disputed));
    }

    private static ProblemHttpResult OtherCashier() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Kasir hanya dapat melihat transaksinya sendiri.");
}
