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
            // A sale that is not disputed: even the well-formed decision is refused (409), so nothing may change.
            new("POST /api/transactions/{invoice}/dispute-resolution", $"/api/transactions/{pending}/dispute-resolution", owner,
                """{"status":"success","reason":"Laporan IAK menunjukkan sukses"}"""),
        ];
        BadInputProbe.BodyRoute[] withoutBody =
        [
            new("POST /api/transactions/{invoice}/payment", "", cashier, ""),
            new("POST /api/transactions/{invoice}/status-checks", "", cashier, ""),
            new("POST /api/transactions/{invoice}/receipt-prints", "", cashier, ""),
            new("GET /api/transactions/{invoice}", "", cashier, ""),
        ];
        // Parks whatever arrives, by design: a dead letter is logged for a person to read, never parsed or stored.
        string[] takesAnyBody = ["POST /events/dead-letters"];
        AuthorizationMatrix.RoutesOf(Factory.Services).Where(r => r.StartsWith('P'))
            .ShouldBe(bodyRoutes.Concat(withoutBody).Select(r => r.Route).Where(r => r.StartsWith('P')).Concat(takesAnyBody), ignoreOrder: true);
        using var client = Factory.CreateClient();
        var probe = new BadInputProbe(client, () => DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services));

        foreach (var route in bodyRoutes)
        {
            await probe.ProbeBodyAsync(route);
        }

        await probe.ProbePathAsync(bodyRoutes[2]);
        await probe.ProbePathAsync(bodyRoutes[^1]);
        foreach (var route in withoutBody)
        {
            await probe.ProbePathAsync(route);
        }

        await probe.ProbeQueryAsync(Factory.Services, "/api/transactions", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/dashboard", owner);
        await probe.ProbeQueryAsync(Factory.Services, "/api/transactions/export.csv", owner);

        probe.Failures.ShouldBeEmpty();
        probe.RequestsSent.ShouldBeGreaterThan(500);
        new[] { "/api/transactions?CashierId", "/api/transactions?From", "/api/transactions?PageSize", "/api/dashboard?OfficeHoursId",
                "/api/transactions?Disputed", "/api/dashboard?Disputed", "/api/transactions/export.csv?Status" }
            .ShouldBeSubsetOf(probe.ProbedQueryParameters);
    }
}
