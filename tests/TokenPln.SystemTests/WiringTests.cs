using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>The three services started by the local runner, talking through their sidecars.</summary>
public class WiringTests(LocalRunnerStack stack) : IClassFixture<LocalRunnerStack>
{
    [Theory]
    [InlineData("user-service")]
    [InlineData("master-service")]
    [InlineData("transaction-service")]
    public async Task Each_service_answers_health_through_its_own_sidecar(string appId)
    {
        var health = await stack.HealthAsync(appId);

        health.GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString().ShouldBe("Healthy");
        health.GetProperty("checks").GetProperty("dapr-sidecar").GetProperty("status").GetString().ShouldBe("Healthy");
    }

    [Fact]
    public async Task User_service_fills_its_shift_copy_by_invoking_master_service_through_the_sidecars()
    {
        var replica = await stack.WaitForAsync(async () =>
        {
            var data = (await stack.HealthAsync("user-service")).GetProperty("checks").GetProperty("office-hours-replica").GetProperty("data");
            return data.TryGetProperty("lastSyncAt", out _) ? data.GetRawText() : null;
        }, "user-service to sync shifts from master-service");

        JsonDocument.Parse(replica).RootElement.GetProperty("shifts").GetInt32().ShouldBe(3);
    }

    [Theory]
    [InlineData("user-service")]
    [InlineData("transaction-service")]
    public async Task Office_hours_changed_events_published_by_master_service_reach_subscribers_in_other_services(string subscriber)
    {
        var eventsReceived = await stack.WaitForAsync(async () =>
        {
            var data = (await stack.HealthAsync(subscriber)).GetProperty("checks").GetProperty("office-hours-replica").GetProperty("data");
            var received = data.GetProperty("eventsReceived").GetInt32();
            return received >= 3 ? received.ToString() : null;
        }, $"{subscriber} to receive the seeded shifts' events");

        // Exactly one event per seeded shift; at-least-once delivery may repeat one, never lose one.
        int.Parse(eventsReceived).ShouldBeGreaterThanOrEqualTo(3);
        stack.Output.ShouldContain($"[{subscriber}");
    }

    [Fact]
    public async Task Each_app_gets_an_app_token_of_its_own_so_its_sidecar_only_routes_refuse_direct_callers_while_its_api_answers_a_jwt()
    {
        var tokens = stack.Apps.Values.Select(a => AppApiTokenOf(a.Pid!.Value)).ToList();
        using var users = stack.AppClient("user-service");
        using var transactions = stack.AppClient("transaction-service");

        using var forgedShift = await users.PostAsync("/events/office-hours-changed", new StringContent(
            """{"id":"1","datacontenttype":"application/json","data":{"officeHoursId":1,"name":"Palsu","startAt":"00:00","endAt":"23:59","active":true,"version":999}}""",
            System.Text.Encoding.UTF8, "application/cloudevents+json"));
        using var forgedAccess = await transactions.PostAsJsonAsync("/events/staff-access-changed", new { userId = 1, active = false, version = 999 });
        using var subscribe = await users.GetAsync("/dapr/subscribe");
        // The sidecar adds the app token to anything invoked through it, so an event route must tell a delivery from an invocation.
        using var transactionSidecar = stack.SidecarOf("transaction-service");
        using var relayed = await transactionSidecar.PostAsync("v1.0/invoke/user-service/method/events/office-hours-changed", new StringContent(
            """{"id":"2","datacontenttype":"application/json","data":{"officeHoursId":1,"name":"Palsu","startAt":"00:00","endAt":"23:59","active":true,"version":999}}""",
            System.Text.Encoding.UTF8, "application/cloudevents+json"));
        var owner = await Api.TryLoginAsync(users, "owner@tokenpln.local", "Owner#12345");
        using var master = stack.AppClient("master-service");
        using var shifts = await Api.Send(master, HttpMethod.Get, "/api/office-hours", owner!, null);

        tokens.ShouldAllBe(token => token != null && token.Length >= 32);
        tokens.Distinct().Count().ShouldBe(tokens.Count, "no two apps of a run share a token");
        foreach (var refused in new[] { forgedShift, forgedAccess, subscribe, relayed })
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_app_token");
        }

        shifts.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await shifts.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray()
            .ShouldAllBe(shift => shift.GetProperty("name").GetString() != "Palsu");
    }

    /// <summary>What the runner put in the app's environment: Linux shows a process's environment in /proc.</summary>
    private static string? AppApiTokenOf(int pid) =>
        File.ReadAllText($"/proc/{pid}/environ").Split('\0').FirstOrDefault(v => v.StartsWith("APP_API_TOKEN=", StringComparison.Ordinal))?["APP_API_TOKEN=".Length..];

    [Fact]
    public async Task A_service_reads_another_through_its_sidecar_with_path_query_and_authorization_intact()
    {
        using var userSidecar = stack.SidecarOf("user-service");
        using var login = await userSidecar.PostAsJsonAsync("v1.0/invoke/user-service/method/api/auth/login",
            new { email = "owner@tokenpln.local", password = "Owner#12345" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1.0/invoke/master-service/method/api/office-hours?active=true");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await userSidecar.SendAsync(request);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).ShouldBe(["Shift Pagi"]);
    }
}
