using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class BadInputTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();

    [Fact]
    public async Task Every_route_refuses_bad_input_with_a_coded_4xx_and_leaves_the_database_unchanged()
    {
        var owner = TestTokens.Owner();
        var cashier = TestTokens.Cashier(20, await _factory.AddAllDayShiftAsync());
        BadInputProbe.BodyRoute[] bodyRoutes =
        [
            new("POST /api/office-hours/", "/api/office-hours/", owner, """{"name":"Shift Tambahan","startAt":"10:00","endAt":"12:00","active":false}"""),
            new("PATCH /api/office-hours/{id:int}", "/api/office-hours/2", owner, """{"name":"Shift Sore","startAt":"16:00","endAt":"23:59","active":false}"""),
            new("POST /events/staff-access-changed", "/events/staff-access-changed", null,
                """{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a10","occurredAt":"2026-11-21T01:00:00Z","userId":30,"active":false,"tokensRevokedBefore":"2026-11-21T01:00:00Z","version":1}""",
                BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            new("PUT /api/prices/products/{code}", "/api/prices/products/hpln20000", owner, """{"kind":"fixed","value":1500}"""),
            new("PUT /api/prices/settings", "/api/prices/settings", owner,
                """{"defaultKind":"percent","defaultValue":5,"postpaidAdminFee":2500,"nontaglisAdminFee":3000}"""),
        ];
        // Parks whatever arrives, by design: a dead letter is logged for a person to read, never parsed or stored.
        string[] takesAnyBody = ["POST /events/dead-letters"];
        AuthorizationMatrix.RoutesOf(_factory.Services).Where(r => r.StartsWith('P'))
            .ShouldBe(bodyRoutes.Select(r => r.Route).Concat(takesAnyBody), ignoreOrder: true);
        using var client = _factory.CreateClient();
        var probe = new BadInputProbe(client, () => DatabaseSnapshot.TakeAsync<MasterDbContext>(_factory.Services));

        foreach (var route in bodyRoutes)
        {
            await probe.ProbeBodyAsync(route);
        }

        await probe.ProbePathAsync(bodyRoutes[1]);
        await probe.ProbePathAsync(new("GET /api/office-hours/{id:int}", "", owner, ""));
        await probe.ProbePathAsync(new("GET /api/pln/customers/{meterNumber}", "", cashier, ""));
        await probe.ProbeQueryAsync(_factory.Services, "/api/office-hours", owner);
        await probe.ProbeQueryAsync(_factory.Services, "/api/products/prepaid", cashier);
        await probe.ProbeQueryAsync(_factory.Services, "/api/products/postpaid", cashier);

        probe.Failures.ShouldBeEmpty();
        probe.RequestsSent.ShouldBeGreaterThan(200);
        probe.ProbedQueryParameters.ShouldContain("/api/office-hours?active");
    }

    public void Dispose() => _factory.Dispose();
}
