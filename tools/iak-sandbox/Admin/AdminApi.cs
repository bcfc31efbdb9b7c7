using TokenPln.IakSandbox.Postpaid;
using TokenPln.IakSandbox.Prepaid;

namespace TokenPln.IakSandbox.Admin;

/// <summary>
/// The sandbox's own controls, under <c>/sandbox</c> and never part of IAK's API: knobs, the deposit, manual
/// settlement (IAK's "Sandbox Report") and the ledger that tests check sales against.
/// </summary>
internal static class AdminApi
{
    public sealed record SettingsPatch(
        int? SettleDelayMs, bool? Instant, int? LatencyMs, double? ErrorRate, double? TimeoutRate, double? MalformedRate, double? LostAnswerRate,
        bool? Outage, bool? SameNumberRestriction, bool? AutoCallback, string? CallbackUrl, string[]? InactiveProducts);

    public sealed record SettleRequest(string Status);

    public sealed record BalanceRequest(long Balance);

    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/sandbox");
        admin.MapGet("/settings", (SandboxState state) => Results.Ok(state.Settings));
        admin.MapPatch("/settings", (SettingsPatch patch, SandboxState state) =>
        {
            state.Update(s => s with
            {
                SettleDelay = patch.SettleDelayMs is { } settle ? TimeSpan.FromMilliseconds(settle) : s.SettleDelay,
                Instant = patch.Instant ?? s.Instant,
                Latency = patch.LatencyMs is { } latency ? TimeSpan.FromMilliseconds(latency) : s.Latency,
                ErrorRate = patch.ErrorRate ?? s.ErrorRate,
                TimeoutRate = patch.TimeoutRate ?? s.TimeoutRate,
                MalformedRate = patch.MalformedRate ?? s.MalformedRate,
                LostAnswerRate = patch.LostAnswerRate ?? s.LostAnswerRate,
                Outage = patch.Outage ?? s.Outage,
                SameNumberRestriction = patch.SameNumberRestriction ?? s.SameNumberRestriction,
                AutoCallback = patch.AutoCallback ?? s.AutoCallback,
                CallbackUrl = patch.CallbackUrl ?? s.CallbackUrl,
                InactiveProducts = patch.InactiveProducts ?? s.InactiveProducts,
            });
            return Results.Ok(state.Settings);
        });
        admin.MapPut("/balance", (BalanceRequest request, SandboxState state) =>
        {
            state.SetBalance(request.Balance);
            return Results.Ok(new { balance = state.Balance });
        });
        admin.MapGet("/ledger", (SandboxState state, PrepaidLedger ledger, PostpaidBook book) => Results.Ok(new
        {
            balance = state.Balance,
            topUps = ledger.Transactions.Values.OrderBy(t => t.TrId).Select(t => new
            {
                refId = t.RefId, trId = t.TrId, customerId = t.CustomerId, productCode = t.ProductCode, price = t.Price,
                status = t.Status switch { 0 => "pending", 1 => "success", _ => "failed" }, rc = t.Rc, sn = t.Sn,
                topUpRequests = t.TopUpRequests, statusChecks = ledger.StatusChecks.GetValueOrDefault(t.RefId), createdAt = t.CreatedAt,
                settledAt = t.SettledAt,
            }),
            statusChecksOfUnknown = ledger.StatusChecks.Where(c => !ledger.Transactions.ContainsKey(c.Key))
                .Select(c => new { refId = c.Key, statusChecks = c.Value }),
            bills = book.ByTrId.Values.OrderBy(b => b.TrId).Select(b => new
            {
                refId = b.RefId, trId = b.TrId, code = b.Code, hp = b.Hp, price = b.Price, sellingPrice = b.SellingPrice,
                status = b.Status switch { 0 => "unpaid", 1 => "paid", 2 => "failed", _ => "pending" },
            }),
            movements = ledger.Movements,
        }));
        admin.MapPost("/transactions/{refId}/settle", (string refId, SettleRequest request, PrepaidLedger ledger, PrepaidSettlement settlement,
            SandboxState state, PostpaidBook book) =>
        {
            if (request.Status is not ("success" or "failed"))
            {
                return Results.BadRequest(new { error = "status must be success or failed" });
            }

            if (ledger.Transactions.TryGetValue(refId, out var topUp))
            {
                return settlement.Settle(topUp, request.Status == "success", "settled by hand") ? Results.Ok() : Results.Conflict(new { error = "already final" });
            }

            return PostpaidApi.SettlePending(refId, request.Status == "success", state, ledger, book)
                ? Results.Ok()
                : Results.NotFound(new { error = "no pending transaction with this ref_id" });
        });
        admin.MapAfterwardsApi();
        return endpoints;
    }
}
