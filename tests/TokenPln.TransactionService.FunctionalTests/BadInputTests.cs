using System.Text.Json;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class BadInputTests : SalesTestBase
{
    [Fact]
    public async Task Every_route_refuses_bad_input_with_a_coded_4xx_and_leaves_the_database_unchanged()
    {
        var cashier = TestTokens.Cashier(CashierId, AllDayShiftId);
        var owner = TestTokens.Owner();
        var pending = (await SoldAsync(Cashier, Guid.NewGuid().ToString())).GetProperty("invoice").GetString()!;
        var settledByCallback = (await SoldAsync(Cashier, Guid.NewGuid().ToString())).GetProperty("invoice").GetString()!;
        var drawerId = (await GetAsync(Cashier, "/api/drawers/current")).GetProperty("drawer").GetProperty("id").GetInt64();
        var callback = JsonSerializer.Serialize(new
        {
            data = new Dictionary<string, string>
            {
                ["ref_id"] = settledByCallback, ["status"] = "1", ["product_code"] = "hpln20000", ["customer_id"] = Meter, ["price"] = "20500",
                ["message"] = "SUCCESS", ["balance"] = "1000000", ["tr_id"] = "3482", ["rc"] = "00",
                ["sn"] = "11112222333344445555/SINTYA OKTAVIANI/R1 /000001300/14.2",
                ["sign"] = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, settledByCallback),
            },
        });
        BadInputProbe.BodyRoute[] bodyRoutes =
        [
            new("POST /api/transactions/prepaid", "/api/transactions/prepaid", cashier, """{"customerId":"12345678901","productCode":"hpln20000"}""",
                Headers: () => [new("Idempotency-Key", Guid.NewGuid().ToString())]),
            new("POST /api/transactions/postpaid/inquiries", "/api/transactions/postpaid/inquiries", cashier,
                """{"productCode":"PLNPOSTPAID","customerId":"530000000000"}"""),
            new("PUT /api/transactions/{invoice}/status", $"/api/transactions/{pending}/status", owner,
                """{"status":"failed","reason":"Laporan IAK: transaksi gagal","serialNumber":"11112222333344445555"}"""),
            new("POST /api/iak/callbacks", "/api/iak/callbacks", null, callback, BadInputProbe.BodyKind.ProviderCallback),
            new("POST /events/transaction-status-check-requested", "/events/transaction-status-check-requested", null,
                $$"""{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a10","occurredAt":"2026-11-21T01:00:00Z","invoice":"{{pending}}"}""", BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            new("POST /events/office-hours-changed", "/events/office-hours-changed", null,
                """{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a11","occurredAt":"2026-11-21T01:00:00Z","officeHoursId":1,"name":"Shift Pagi","startAt":"08:00","endAt":"15:59","active":true,"version":1}""",
                BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            new("POST /events/prices-changed", "/events/prices-changed", null,
                """{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a13","occurredAt":"2026-11-21T01:00:00Z","subject":"hpln20000"}""",
                BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            new("POST /events/staff-access-changed", "/events/staff-access-changed", null,
                """{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a12","occurredAt":"2026-11-21T01:00:00Z","userId":30,"active":false,"tokensRevokedBefore":"2026-11-21T01:00:00Z","version":1}""",
                BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            new("PUT /api/deposit/threshold", "/api/deposit/threshold", owner, """{"lowThreshold":500000}"""),
            // A sale that is not disputed: even the well-formed decision is refused (409), so nothing may change.
            new("POST /api/transactions/{invoice}/dispute-resolution", $"/api/transactions/{pending}/dispute-resolution", owner,
                """{"status":"success","reason":"Laporan IAK menunjukkan sukses"}"""),
            // A token sale is not a bill: even the well-formed payment is refused (409), so nothing may change.
            new("POST /api/transactions/{invoice}/payment", $"/api/transactions/{pending}/payment", cashier, """{"cashReceived":50000}"""),
            // The cashier's drawer is open already: even the well-formed opening is refused (409).
            new("POST /api/drawers/", "/api/drawers", cashier, """{"openingCash":100000}"""),
            // The drawer's all-day shift is not over: even the well-formed close by the owner is refused (409).
            new("POST /api/drawers/{id}/close", $"/api/drawers/{drawerId}/close", owner, """{"countedCash":100000,"reason":"Kasir lupa menutup laci"}"""),
            // A day that has not begun: even the well-formed request is refused (422), so no run is ever stored.
            new("POST /api/reconciliation/runs/", "/api/reconciliation/runs", owner, """{"day":"2999-01-01"}"""),
        ];
        BadInputProbe.BodyRoute[] withoutBody =
        [
            new("POST /api/transactions/{invoice}/status-checks", "", cashier, ""),
            new("POST /api/transactions/{invoice}/receipt-prints", "", cashier, ""),
            new("GET /api/transactions/{invoice}", "", cashier, ""),
            new("GET /api/transactions/{invoice}/receipt", "", cashier, ""),
        ];
        // Parks whatever arrives, by design: a dead letter is logged for a person to read, never parsed or stored.
        string[] takesAnyBody = ["POST /events/dead-letters"];
        // Takes no input at all: nothing to refuse.
        string[] takesNoInput = ["POST /api/deposit/checks"];
        AuthorizationMatrix.RoutesOf(Factory.Services).Where(r => r.StartsWith('P'))
            .ShouldBe(bodyRoutes.Concat(withoutBody).Select(r => r.Route).Where(r => r.StartsWith('P')).Concat(takesAnyBody).Concat(takesNoInput)
                .Append("POST /api/drawers/current/close"), ignoreOrder: true);
        using var client = Factory.CreateClient();
        var probe = new BadInputProbe(client, () => DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services));

        foreach (var route in bodyRoutes)
        {
            await probe.ProbeBodyAsync(route);
        }

        await probe.ProbePathAsync(bodyRoutes[2]);
        await probe.ProbePathAsync(bodyRoutes[^1]);
        await probe.ProbePathAsync(bodyRoutes[^3]);
        await probe.ProbePathAsync(new("GET /api/drawers/{id}/report", "", owner, ""));
        foreach (var route in withoutBody)
        {
            await probe.ProbePathAsync(route);
        }

        await probe.ProbeQueryAsync(Factory.Services, "/api/transactions", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/dashboard", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/transactions/export.csv", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/reconciliation/runs", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/drawers", owner);
        // Last: a close that succeeds changes the drawer. Its bad bodies are refused first, leaving the drawer open.
        await probe.ProbeBodyAsync(new("POST /api/drawers/current/close", "/api/drawers/current/close", cashier, """{"countedCash":100000}"""));

        probe.Failures.ShouldBeEmpty();
        probe.RequestsSent.ShouldBeGreaterThan(500);
        new[] { "/api/transactions?CashierId", "/api/transactions?From", "/api/transactions?PageSize", "/api/dashboard?OfficeHoursId",
                "/api/transactions?Disputed", "/api/dashboard?Disputed", "/api/transactions/export.csv?Status" }
            .ShouldBeSubsetOf(probe.ProbedQueryParameters);
    }
}
