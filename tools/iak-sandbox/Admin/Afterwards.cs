using TokenPln.IakSandbox.Prepaid;

namespace TokenPln.IakSandbox.Admin;

/// <summary>
/// What happens at the provider after a sale settled, so that reconciliation can be tested on purpose: a PLN reversal (a
/// success becomes failed and the deposit is refunded, or a failure turns out sold and is debited), a corrected token or
/// price, and a signed callback for a ref_id the client never sent. Mapped under <c>/sandbox</c>.
/// </summary>
internal static class Afterwards
{
    public sealed record ChangeRequest(string? Status, string? Sn, long? Price);

    public sealed record UnknownCallbackRequest(string RefId, string? CustomerId, string? ProductCode, string? Status);

    public static IEndpointRouteBuilder MapAfterwardsApi(this IEndpointRouteBuilder admin)
    {
        admin.MapPut("/transactions/{refId}/afterwards", Change);
        admin.MapPost("/callbacks/unknown", SendUnknown);
        return admin;
    }

    private static IResult Change(string refId, ChangeRequest request, PrepaidLedger ledger, SandboxState state, ILoggerFactory loggers)
    {
        if (request.Status is not (null or "success" or "failed") || request.Price is <= 0)
        {
            return Results.BadRequest(new { error = "status must be success or failed; price must be positive" });
        }

        if (!ledger.Transactions.TryGetValue(refId, out var t))
        {
            return Results.NotFound(new { error = "no top-up with this ref_id" });
        }

        lock (t)
        {
            if (t.Status == 0)
            {
                return Results.Conflict(new { error = "still pending: settle it first" });
            }

            if (request.Status == "failed" && t.Status == 1)
            {
                t.Status = 2;
                t.Rc = "07";
                t.Message = "FAILED";
                t.Sn = null;
                t.BalanceAfter = state.Credit(t.Price);
                ledger.Record(t.RefId, "reversal refund", t.Price, t.BalanceAfter);
            }
            else if (request.Status == "success" && t.Status == 2)
            {
                var customer = PrepaidCatalog.FindCustomer(t.CustomerId) ?? PrepaidCatalog.FindCustomer("12345678901")!;
                t.Status = 1;
                t.Rc = "00";
                t.Message = "SUCCESS";
                t.Sn = PrepaidCatalog.SerialNumber(t.RefId, customer, t.Nominal);
                // Sold after all: the deposit pays for it even below zero, as a late debit does at IAK.
                t.BalanceAfter = state.Credit(-t.Price);
                ledger.Record(t.RefId, "late debit", -t.Price, t.BalanceAfter);
            }

            t.Sn = request.Sn ?? t.Sn;
            t.Price = request.Price ?? t.Price;
        }

        loggers.CreateLogger("TokenPln.IakSandbox.Afterwards").LogInformation("Top-up {RefId} changed afterwards: status {Status}, price {Price}", refId,
            t.Status, t.Price);
        return Results.Ok(new { refId = t.RefId, status = t.Status == 1 ? "success" : "failed", sn = t.Sn, price = t.Price });
    }

    /// <summary>A callback for a top-up that exists only in this callback: never in the ledger, never debited.</summary>
    private static IResult SendUnknown(UnknownCallbackRequest request, CallbackSender callbacks)
    {
        if (string.IsNullOrWhiteSpace(request.RefId) || request.Status is not (null or "success" or "failed"))
        {
            return Results.BadRequest(new { error = "refId is required; status must be success or failed" });
        }

        var success = request.Status != "failed";
        var customerId = request.CustomerId ?? "12345678901";
        var ghost = new PrepaidTransaction
        {
            RefId = request.RefId, TrId = 0, CustomerId = customerId, ProductCode = request.ProductCode ?? "hpln20000", Price = 20_500,
            Nominal = 20_000, Day = DateOnly.FromDateTime(DateTime.UtcNow), Status = success ? 1 : 2, Rc = success ? "00" : "07",
            Message = success ? "SUCCESS" : "FAILED",
            Sn = success && PrepaidCatalog.FindCustomer(customerId) is { } customer ? PrepaidCatalog.SerialNumber(request.RefId, customer, 20_000) : null,
        };
        callbacks.Enqueue(ghost);
        return Results.Ok(new { refId = ghost.RefId, status = request.Status ?? "success" });
    }
}
