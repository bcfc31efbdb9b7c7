using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Contracts.Shifts;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.FunctionalTests;

public sealed class BadInputTests : IAsyncLifetime, IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _client = null!;
    private int _cashierId;
    private int _ownChangeCashierId;

    public async Task InitializeAsync()
    {
        // Wrong current passwords are login failures; the probe sends many from one address and must still reach the checks behind the throttle.
        _factory.Settings["Login:MaxFailuresPerAddress"] = "100000";
        _factory.Settings["Login:MaxFailuresPerAccountAndAddress"] = "100000";
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Pagi", new(0, 0), new(23, 59), true, 1));
        _client = _factory.CreateClient();
        using var owner = _factory.CreateClient().As(TestTokens.Owner());
        await Eventually.HoldsAsync(() => ShiftCopied(), "the shift copy is filled");
        using var created = await owner.PostAsJsonAsync("/api/users", new
        {
            employeeNumber = "K-900", name = "Kasir Uji", email = "k900@tokenpln.local", password = "Rahasia#2026", officeHoursId = 1,
        });
        _cashierId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        using var second = await owner.PostAsJsonAsync("/api/users", new
        {
            employeeNumber = "K-902", name = "Kasir Ganti Sandi", email = "k902@tokenpln.local", password = "Rahasia#2026", officeHoursId = 1,
        });
        _ownChangeCashierId = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task Every_route_refuses_bad_input_with_a_coded_4xx_and_leaves_the_database_unchanged()
    {
        var owner = TestTokens.Owner();
        BadInputProbe.BodyRoute[] bodyRoutes =
        [
            new("POST /api/auth/login", "/api/auth/login", null, """{"email":"k900@tokenpln.local","password":"Rahasia#2026"}"""),
            new("POST /api/users/", "/api/users/", owner,
                """{"employeeNumber":"K-901","name":"Kasir Baru","email":"k901@tokenpln.local","password":"Rahasia#2026","phone":"0812-3456-7890","address":"Jl. Merdeka 1","officeHoursId":1,"active":true,"role":"cashier"}"""),
            new("PATCH /api/users/{id:int}", $"/api/users/{_cashierId}", owner, """{"officeHoursId":1,"active":true}"""),
            new("POST /api/users/{id:int}/password", $"/api/users/{_cashierId}/password", owner, """{"newPassword":"Rahasia#2027"}"""),
            new("POST /events/office-hours-changed", "/events/office-hours-changed", null,
                """{"id":"0b6d5f0e-8f0b-4a53-9d4c-2f7d3c1e9a10","occurredAt":"2026-11-21T01:00:00Z","officeHoursId":1,"name":"Shift Pagi","startAt":"00:00","endAt":"23:59","active":true,"version":1}""",
                BadInputProbe.BodyKind.Event, Headers: () => [new("dapr-api-token", TestTokens.AppApiToken)]),
            // Last, on a cashier of its own: an accepted change ends that cashier's sessions, so each request brings a token issued after it.
            new("POST /api/users/me/password", "/api/users/me/password", null, """{"currentPassword":"Rahasia#2026","newPassword":"Rahasia#2027"}""",
                Headers: () => [new("Authorization", "Bearer " + TestTokens.Cashier(_ownChangeCashierId, 1, issuedAt: _factory.Clock.GetUtcNow().AddSeconds(2)))]),
        ];
        // The dead-letter sink parks whatever arrives, by design: it is logged for a person to read, never parsed or stored.
        // Logout reads no body.
        string[] takesAnyBody = ["POST /events/dead-letters", "POST /api/auth/logout"];
        AuthorizationMatrix.RoutesOf(_factory.Services).Where(r => r.StartsWith('P'))
            .ShouldBe(bodyRoutes.Select(r => r.Route).Concat(takesAnyBody), ignoreOrder: true);
        var probe = new BadInputProbe(_client, () => DatabaseSnapshot.TakeAsync<UserDbContext>(_factory.Services));

        foreach (var route in bodyRoutes)
        {
            await probe.ProbeBodyAsync(route);
        }

        await probe.ProbePathAsync(bodyRoutes[2]);
        await probe.ProbePathAsync(bodyRoutes[3]);
        await probe.ProbePathAsync(new("GET /api/users/{id:int}", "", owner, ""));
        await probe.ProbeQueryAsync(_factory.Services, "/api/users", owner);

        probe.Failures.ShouldBeEmpty();
        probe.RequestsSent.ShouldBeGreaterThan(200);
        probe.ProbedQueryParameters.ShouldBe(["/api/users?page", "/api/users?pageSize"], ignoreOrder: true);
    }

    private bool ShiftCopied()
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_factory.Services);
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<UserDbContext>(scope.ServiceProvider)
            .ShiftCopies.Any();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
