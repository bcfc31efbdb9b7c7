using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Iak;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.StatusChecks;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

public sealed record StatusCorrection(string? Status, string? Reason, string? SerialNumber);

public sealed record DisputeDecision(string? Status, string? Reason);

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
        transactions.MapPost("/{invoice}/receipt-prints", PrintReceipt).WithName("PrintReceipt")
            .WithSummary("Record a print of a successful sale's receipt; answers the receipt, marked reprint after the first print");
        transactions.MapPost("/{invoice}/status-checks", CheckNow).RequireRateLimiting(WebEdge.PurchasePolicy)
            .WithName("CheckTransactionStatus").WithSummary("Ask IAK about a pending sale now");
        transactions.MapPut("/{invoice}/status", Correct).RequireAuthorization(Policies.Owner).WithName("CorrectTransactionStatus")
            .WithSummary("Set a pending sale to success or failed by hand, as IAK's report shows; recorded with who, when and why");
        transactions.MapPost("/{invoice}/dispute-resolution", ResolveDispute).RequireAuthorization(Policies.Owner).WithName("ResolveDispute")
            .WithSummary("Decide a disputed sale (IAK's word contradicts the status): its final status either way, with a required reason; audited");
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
        return TypedResults.Ok(new PagedList<TransactionResponse>(page.Select(t => TransactionResponse.From(t)).ToList(), total, paging.Page, paging.PageSize));
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
        if (await Visible(invoice, http, db, cancellationToken) is not { } found) return NotFoundOrInvalid(invoice);
        var history = await db.StatusChanges.AsNoTracking().Where(s => s.TransactionId == found.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(TransactionResponse.From(found, history, forOwner: CurrentUser.From(http.User).IsOwner) with
        {
            Receipt = ReceiptResponse.From(found, reprint: found.ReceiptPrints > 0),
        });
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> PrintReceipt(string invoice, HttpContext http,
        TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (await Visible(invoice, http, db, cancellationToken) is not { } found) return NotFoundOrInvalid(invoice);
        // Counted in the database, so two prints at once are two prints and only the first is not a reprint.
        var counted = await db.Transactions.Where(t => t.Id == found.Id && t.Status == TransactionStatus.Success)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ReceiptPrints, t => t.ReceiptPrints + 1), cancellationToken);
        if (counted == 0)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.ReceiptNotPrintable,
                "Struk hanya dapat dicetak untuk transaksi yang berhasil.");
        }

        var printed = await db.Transactions.AsNoTracking().FirstAsync(t => t.Id == found.Id, cancellationToken);
        return TypedResults.Ok(TransactionResponse.From(printed, forOwner: CurrentUser.From(http.User).IsOwner) with
        {
            Receipt = ReceiptResponse.From(printed, reprint: printed.ReceiptPrints > 1),
        });
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> CheckNow(string invoice, HttpContext http,
        TransactionDbContext db, StatusChecker checker, CancellationToken cancellationToken)
    {
        if (await Visible(invoice, http, db, cancellationToken) is not { } found) return NotFoundOrInvalid(invoice);
        if (found.Status == TransactionStatus.Inquiry)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "not_paid", "Tagihan ini belum dibayar; tidak ada status untuk dicek.");
        }

        var (checkedTransaction, outcome) = await checker.CheckAsync(invoice, ChangeSources.StatusCheck, cancellationToken);
        if (outcome == IakOutcome.ProviderError && checkedTransaction is { Status: TransactionStatus.Pending })
        {
            return ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, "provider_unavailable",
                "IAK sedang tidak dapat dihubungi; transaksi tetap menunggu dan akan dicek otomatis.");
        }

        return TypedResults.Ok(TransactionResponse.From(checkedTransaction!));
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> Correct(string invoice, StatusCorrection correction,
        HttpContext http, TransactionDbContext db, SaleRecorder recorder, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(Invoices.IsWellFormed(invoice), "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).")
            .Check(correction.Status is "success" or "failed", "status", "Pilih success atau failed.")
            .Text(correction.Reason, "reason", 500)
            .Text(correction.SerialNumber, "serialNumber", 200, required: false);
        if (!validation.IsValid) return validation.ToProblem();

        var owner = CurrentUser.From(http.User);
        var target = correction.Status == "success" ? TransactionStatus.Success : TransactionStatus.Failed;
        var moved = false;
        var transaction = await recorder.UpdateAsync(invoice,
            t => moved = recorder.SettleByHand(t, target, owner, correction.Reason!.Trim(), correction.SerialNumber?.Trim()), cancellationToken);
        if (transaction is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.");
        if (!moved)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "not_pending",
                $"Hanya transaksi yang menunggu (pending) yang dapat dikoreksi; status sekarang {transaction.Status.ToString().ToLowerInvariant()}.");
        }

        return TypedResults.Ok(TransactionResponse.From(transaction, forOwner: true));
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> ResolveDispute(string invoice, DisputeDecision decision,
        HttpContext http, SaleRecorder recorder, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(Invoices.IsWellFormed(invoice), "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).")
            .Check(decision.Status is "success" or "failed", "status", "Pilih success atau failed.")
            .Text(decision.Reason, "reason", 500);
        if (!validation.IsValid) return validation.ToProblem();

        var owner = CurrentUser.From(http.User);
        var target = decision.Status == "success" ? TransactionStatus.Success : TransactionStatus.Failed;
        var resolved = false;
        var transaction = await recorder.UpdateAsync(invoice, t => resolved = recorder.ResolveDispute(t, target, owner, decision.Reason!.Trim()),
            cancellationToken);
        if (transaction is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.");
        if (!resolved)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.NotDisputed,
                "Transaksi ini tidak sedang dipersengketakan; tidak ada keputusan yang perlu diambil.");
        }

        return TypedResults.Ok(TransactionResponse.From(transaction, forOwner: true));
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

    /// <summary>The sale if the caller may see it: the owner any, a cashier their own. Others look like missing ones.</summary>
    private static async Task<Transaction?> Visible(string invoice, HttpContext http, TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (!Invoices.IsWellFormed(invoice)) return null;
        var user = CurrentUser.From(http.User);
        var found = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
        return found is not null && (user.IsOwner || found.CashierId == user.Id) ? found : null;
    }

    private static Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult> NotFoundOrInvalid(string invoice) =>
        Invoices.IsWellFormed(invoice)
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.")
            : new RequestValidator().Check(false, "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).").ToProblem();

    private static ProblemHttpResult OtherCashier() =>
        ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, "Kasir hanya dapat melihat transaksinya sendiri.");
}
