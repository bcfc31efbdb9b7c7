using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.StatusChecks;

public sealed record StatusCorrection(string? Status, string? Reason, string? SerialNumber);

public sealed record DisputeDecision(string? Status, string? Reason);

/// <summary>
/// What follows a sale that did not settle at once: the cashier's "check now", the owner's settlement by hand as IAK's report
/// shows, and the owner's decision when IAK's later word contradicts it.
/// </summary>
public static class StatusCheckApi
{
    public static IEndpointRouteBuilder MapStatusCheckApi(this IEndpointRouteBuilder endpoints)
    {
        var transactions = endpoints.MapGroup("/api/transactions").WithTags("Transactions").RequireAuthorization(Policies.Staff);
        transactions.MapPost("/{invoice}/status-checks", CheckNow).RequirePurchaseLimit()
            .WithName("CheckTransactionStatus").WithSummary("Ask IAK about a pending sale now");
        transactions.MapPut("/{invoice}/status", Correct).RequireAuthorization(Policies.Owner).WithName("CorrectTransactionStatus")
            .WithSummary("Set a pending sale to success or failed by hand, as IAK's report shows; recorded with who, when and why");
        transactions.MapPost("/{invoice}/dispute-resolution", ResolveDispute).RequireAuthorization(Policies.Owner).WithName("ResolveDispute")
            .WithSummary("Decide a disputed sale (IAK's word contradicts the status): its final status either way, with a required reason; audited");
        return endpoints;
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> CheckNow(string invoice, HttpContext http,
        TransactionDbContext db, StatusChecker checker, CancellationToken cancellationToken)
    {
        if (await db.Transactions.VisibleToAsync(invoice, CurrentUser.From(http.User), cancellationToken) is not { } found)
        {
            return SaleVisibility.NotFoundOrInvalid(invoice);
        }

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
        HttpContext http, SaleWriter writer, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(Invoices.IsWellFormed(invoice), "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).")
            .Check(correction.Status is "success" or "failed", "status", "Pilih success atau failed.")
            .Text(correction.Reason, "reason", 500)
            .Text(correction.SerialNumber, "serialNumber", 200, required: false);
        if (!validation.IsValid) return validation.ToProblem();

        var owner = CurrentUser.From(http.User);
        var target = correction.Status == "success" ? TransactionStatus.Success : TransactionStatus.Failed;
        var (transaction, moved) = await writer.SettleByHandAsync(invoice, target, owner, correction.Reason!.Trim(), correction.SerialNumber?.Trim(),
            cancellationToken);
        if (transaction is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.");
        if (!moved)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, "not_pending",
                $"Hanya transaksi yang menunggu (pending) yang dapat dikoreksi; status sekarang {transaction.Status.ToString().ToLowerInvariant()}.");
        }

        return TypedResults.Ok(TransactionResponse.From(transaction, forOwner: true));
    }

    public static async Task<Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult>> ResolveDispute(string invoice, DisputeDecision decision,
        HttpContext http, SaleWriter writer, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Check(Invoices.IsWellFormed(invoice), "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).")
            .Check(decision.Status is "success" or "failed", "status", "Pilih success atau failed.")
            .Text(decision.Reason, "reason", 500);
        if (!validation.IsValid) return validation.ToProblem();

        var owner = CurrentUser.From(http.User);
        var target = decision.Status == "success" ? TransactionStatus.Success : TransactionStatus.Failed;
        var (transaction, resolved) = await writer.ResolveDisputeAsync(invoice, target, owner, decision.Reason!.Trim(), cancellationToken);
        if (transaction is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.");
        if (!resolved)
        {
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.NotDisputed,
                "Transaksi ini tidak sedang dipersengketakan; tidak ada keputusan yang perlu diambil.");
        }

        return TypedResults.Ok(TransactionResponse.From(transaction, forOwner: true));
    }
}
