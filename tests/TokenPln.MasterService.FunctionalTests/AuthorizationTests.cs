using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class AuthorizationTests : IDisposable
{
    private const int CashierId = 20;
    private const int DeactivatedCashierId = 21;
    private readonly ServiceFactory<Program> _factory = new();

    public AuthorizationTests() => _factory.Settings["StaffAccess:RefreshInterval"] = "00:00:00.100";

    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_as_its_audience_allows()
    {
        using var client = _factory.CreateClient();
        var shiftId = await _factory.AddAllDayShiftAsync();
        await AnnounceAsync(client, DeactivatedCashierId, active: false, version: 1);
        var routes = new Dictionary<string, Audience>(AuthorizationMatrix.Plumbing)
        {
            ["GET /api/office-hours/"] = Audience.Owner,
            ["GET /api/office-hours/{id:int}"] = Audience.Owner,
            ["POST /api/office-hours/"] = Audience.Owner,
            ["PATCH /api/office-hours/{id:int}"] = Audience.Owner,
            ["GET /internal/office-hours"] = Audience.Sidecar,
            ["GET /internal/products/prepaid"] = Audience.Sidecar,
            ["GET /api/products/prepaid"] = Audience.Staff,
            ["GET /api/products/postpaid"] = Audience.Staff,
            ["GET /api/pln/customers/{meterNumber}"] = Audience.Staff,
            ["POST /events/staff-access-changed"] = Audience.Sidecar,
            ["GET /api/prices/"] = Audience.Owner,
            ["PUT /api/prices/products/{code}"] = Audience.Owner,
            ["DELETE /api/prices/products/{code}"] = Audience.Owner,
            ["PUT /api/prices/settings"] = Audience.Owner,
            ["GET /api/prices/changes"] = Audience.Owner,
            ["GET /internal/prices/fees"] = Audience.Sidecar,
        };

        AuthorizationMatrix.RoutesOf(_factory.Services).ShouldBe(routes.Keys, ignoreOrder: true);
        await AuthorizationMatrix.VerifyAsync(client, routes,
            new(TestTokens.Cashier(CashierId, shiftId), TestTokens.Owner(), TestTokens.Cashier(DeactivatedCashierId, shiftId)),
            new Dictionary<string, string> { ["id"] = "1", ["meterNumber"] = "12345678901", ["code"] = "hpln20000" });
    }

    [Fact]
    public async Task A_late_older_announcement_does_not_let_a_deactivated_cashier_back_in()
    {
        using var client = _factory.CreateClient();
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(CashierId, await _factory.AddAllDayShiftAsync()));
        (await cashier.GetAsync("/api/products/prepaid")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await AnnounceAsync(client, CashierId, active: false, version: 2);
        await AnnounceAsync(client, CashierId, active: true, version: 1, revokedBefore: null);
        using var refused = await cashier.GetAsync("/api/products/prepaid");

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("account_inactive");
    }

    [Fact]
    public async Task A_deactivation_applied_by_another_instance_of_the_service_is_honoured_after_the_next_refresh()
    {
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(CashierId, await _factory.AddAllDayShiftAsync()));
        (await cashier.GetAsync("/api/products/prepaid")).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
            db.StaffAccessCopies.Add(new StaffAccessCopy { UserId = CashierId, Active = false, Version = 1, ReplicatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => (await cashier.GetAsync("/api/products/prepaid")).StatusCode == HttpStatusCode.Unauthorized,
            "the shared database's deactivation reaches this instance's cache", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_cashier_whose_shift_the_owner_deactivates_is_refused_at_the_next_request()
    {
        var shiftId = await _factory.AddAllDayShiftAsync();
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(CashierId, shiftId));
        using var owner = _factory.CreateClient().As(TestTokens.Owner());
        (await cashier.GetAsync("/api/products/prepaid")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await owner.PatchAsJsonAsync($"/api/office-hours/{shiftId}", new { active = false })).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var refused = await cashier.GetAsync("/api/products/prepaid");

        refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("shift_inactive");
    }

    /// <summary>What user-service's outbox publishes, as the sidecar delivers it.</summary>
    private async Task AnnounceAsync(HttpClient client, int userId, bool active, long version, DateTimeOffset? revokedBefore = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/staff-access-changed")
        {
            Headers = { { "dapr-api-token", TestTokens.AppApiToken } },
            Content = JsonContent.Create(new
            {
                id = Guid.NewGuid(),
                occurredAt = _factory.Clock.GetUtcNow(),
                userId,
                active,
                tokensRevokedBefore = active ? revokedBefore : revokedBefore ?? _factory.Clock.GetUtcNow(),
                version,
            }),
        };
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().ShouldBe("SUCCESS");
    }

    public void Dispose() => _factory.Dispose();
}
