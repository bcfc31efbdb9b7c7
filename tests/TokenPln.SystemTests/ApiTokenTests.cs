using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>A run with Dapr's API tokens set in the environment that starts it, as in production.</summary>
public sealed class TokenProtectedStack : LocalRunnerStack
{
    public const string DaprApiToken = "test-dapr-api-token-0123456789";
    public const string AppApiToken = "test-app-api-token-0123456789";

    protected override IReadOnlyList<string> OnlyApps => ["user-service", "master-service"];

    protected override IReadOnlyDictionary<string, string> RunnerEnvironment => new Dictionary<string, string>
    {
        ["DAPR_API_TOKEN"] = DaprApiToken,
        ["APP_API_TOKEN"] = AppApiToken,
    };
}

public class ApiTokenTests(TokenProtectedStack stack) : IClassFixture<TokenProtectedStack>
{
    [Fact]
    public async Task With_dapr_and_app_api_tokens_set_only_token_bearing_calls_get_through_and_the_services_still_talk()
    {
        // The public API keeps answering a direct caller who brings a valid JWT; only the sidecar's routes need the app token.
        using var users = stack.AppClient("user-service");
        var owner = await Api.TryLoginAsync(users, "owner@tokenpln.local", "Owner#12345");
        owner.ShouldNotBeNull("a direct login reaches user-service's public API");
        var master = stack.Apps["master-service"];
        using var direct = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{master.AppPort}/") };
        using var bareSidecar = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{master.DaprHttpPort}/") };
        using var sidecar = stack.SidecarOf("master-service");

        using var appWithoutToken = await direct.GetAsync("/internal/office-hours");
        using var apiWithJwt = await Api.Send(direct, HttpMethod.Get, "/api/office-hours", owner, null);
        using var probe = await direct.GetAsync("/health");
        using var sidecarWithoutToken = await bareSidecar.GetAsync("v1.0/invoke/master-service/method/internal/office-hours");
        using var sidecarWithToken = await sidecar.GetAsync("v1.0/invoke/master-service/method/internal/office-hours");

        appWithoutToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await appWithoutToken.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_app_token");
        probe.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized, "health probes carry no token");
        apiWithJwt.StatusCode.ShouldBe(HttpStatusCode.OK);
        sidecarWithoutToken.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        sidecarWithToken.StatusCode.ShouldBe(HttpStatusCode.OK);
        // user-service synced its copy of shifts from master-service, through its sidecar, with both tokens in play.
        await stack.WaitForAsync(async () =>
            (await stack.HealthAsync("user-service")).GetProperty("checks").GetProperty("office-hours-replica").GetProperty("data")
                is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("lastSyncAt", out _) ? "synced" : null,
            "user-service to sync shifts from master-service");
    }
}
