using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reconciliation;

public sealed record ReconciliationRequest(string? Day);

public sealed record ReconciliationFindingResponse(string? Invoice, string RefId, string Kind, bool Disagreement, string? Ours, string? Iak, string? Note);

/// <summary>A run on the wire; times are WIB. <c>findings</c> only in one run's detail.</summary>
public sealed record ReconciliationRunResponse(
    long Id, DateOnly Day, string Trigger, string? RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool Running, int Checked,
    int Agreed, int Disagreed, int StillPending, int UnknownRefIds, int Errors, string? Failure, IReadOnlyList<ReconciliationFindingResponse>? Findings = null)
{
    public static ReconciliationRunResponse From(ReconciliationRun r, IEnumerable<ReconciliationFinding>? findings = null) => new(
        r.Id, r.Day, r.Trigger, r.RequestedByName, TransactionResponse.Wib(r.StartedAt), r.FinishedAt is { } at ? TransactionResponse.Wib(at) : null,
        r.FinishedAt is null, r.Checked, r.Agreed, r.Disagreed, r.StillPending, r.UnknownRefIds, r.Errors, r.Failure,
        findings?.Select(f => new ReconciliationFindingResponse(f.Invoice, f.RefId, f.Kind, f.Disagreement, f.Ours, f.Iak, f.Note)).ToList());
}

/// <summary>The owner's reconciliation with IAK: run a WIB day now, and read the runs and what each found.</summary>
public static class ReconciliationApi
{
    public static IEndpointRouteBuilder MapReconciliationApi(this IEndpointRouteBuilder endpoints)
    {
        var runs = endpoints.MapGroup("/api/reconciliation/runs").WithTags("Reconciliation").RequireAuthorization(Policies.Owner);
        runs.MapPost("/", Run).WithName("RunReconciliation")
            .WithSummary("Check every sale of a WIB day (today or earlier) against IAK's check-status; disagreements become disputed sales, nothing else changes");
        runs.MapGet("/", List).WithName("ListReconciliationRuns").WithSummary("Reconciliation runs, newest first, with their counts");
        runs.MapGet("/{id:long}", Get).WithName("GetReconciliationRun").WithSummary("One run with its disagreements and notes");
        return endpoints;
    }

    public static async Task<Results<Created<ReconciliationRunResponse>, ValidationProblem, ProblemHttpResult>> Run(ReconciliationRequest request,
        HttpContext http, Reconciler reconciler, TimeProvider clock, CancellationToken cancellationToken)
    {
        var parsed = DateOnly.TryParseExact(request.Day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day);
        var validation = new RequestValidator().Check(parsed, "day", "Tanggal wajib diisi dengan format yyyy-MM-dd.");
        if (!validation.IsValid) return validation.ToProblem();

        var today = JakartaClock.Bucket(clock.GetUtcNow()).Date;
        if (day > today)
        {
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ReconciliationDayInFuture,
                $"Rekonsiliasi hanya untuk hari ini atau hari yang sudah lewat (WIB); {day:dd-MM-yyyy} belum tiba.");
        }

        // The owner waits for the answer: a counter's day is a few hundred sales, asked a few at a time.
        var run = await reconciler.RunAsync(day, ReconciliationTriggers.Owner, CurrentUser.From(http.User).Name, cancellationToken);
        if (run is null)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.ReconciliationRunning,
                $"Rekonsiliasi tanggal {day:dd-MM-yyyy} sedang berjalan; tunggu sampai selesai.");
        }

        return TypedResults.Created($"/api/reconciliation/runs/{run.Id}", ReconciliationRunResponse.From(run));
    }

    public static async Task<Results<Ok<PagedList<ReconciliationRunResponse>>, ValidationProblem>> List(int? page, int? pageSize,
        TransactionDbContext db, CancellationToken cancellationToken)
    {
        var errors = new RequestValidator();
        var paging = Paging.From(page, pageSize, errors);
        if (!errors.IsValid) return errors.ToProblem();

        var runs = db.Set<ReconciliationRun>().AsNoTracking();
        var total = await runs.CountAsync(cancellationToken);
        var items = await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Skip(paging.Skip).Take(paging.PageSize)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ReconciliationRunResponse>(items.Select(r => ReconciliationRunResponse.From(r)).ToList(), total,
            paging.Page, paging.PageSize));
    }

    public static async Task<Results<Ok<ReconciliationRunResponse>, ProblemHttpResult>> Get(long id, TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Set<ReconciliationRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is not { } run)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Rekonsiliasi {id} tidak ditemukan.");
        }

        var findings = await db.Set<ReconciliationFinding>().AsNoTracking().Where(f => f.RunId == id)
            .OrderByDescending(f => f.Disagreement).ThenBy(f => f.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(ReconciliationRunResponse.From(run, findings));
    }
}
