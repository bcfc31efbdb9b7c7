using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.ServiceDefaults.UnitTests;

public class HostingTests
{
    [Fact]
    public async Task Sidecar_only_routes_answer_only_the_app_api_token_while_public_routes_and_health_answer_anyone()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapGet("/api/thing", () => "ok");
            a.MapGet("/internal/thing", () => "ok").RequireSidecar();
        }, new() { ["APP_API_TOKEN"] = "from-sidecar" });
        var client = app.GetTestClient();

        using var anonymous = await client.GetAsync("/internal/thing");
        using var wrong = await Send(client, "/internal/thing", "nope");
        using var right = await Send(client, "/internal/thing", "from-sidecar");
        using var subscribe = await client.GetAsync("/dapr/subscribe");
        using var publicRoute = await client.GetAsync("/api/thing");
        using var health = await client.GetAsync("/alive");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Code(anonymous)).ShouldBe("invalid_app_token");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        subscribe.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        publicRoute.StatusCode.ShouldBe(HttpStatusCode.OK);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_subscription_refuses_a_service_invocation_relayed_by_the_sidecar_while_an_internal_read_allows_it()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapPost("/events/thing", () => TopicAck.Success()).Subscribes(a, "thing");
            a.MapGet("/internal/thing", () => "ok").RequireSidecar();
        }, new() { ["APP_API_TOKEN"] = "from-sidecar" });
        var client = app.GetTestClient();

        using var delivery = await SendAs(client, HttpMethod.Post, "/events/thing", "from-sidecar", callerAppId: null);
        using var relayedEvent = await SendAs(client, HttpMethod.Post, "/events/thing", "from-sidecar", callerAppId: "transaction-service");
        using var relayedRead = await SendAs(client, HttpMethod.Get, "/internal/thing", "from-sidecar", callerAppId: "transaction-service");

        delivery.StatusCode.ShouldBe(HttpStatusCode.OK);
        relayedEvent.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Code(relayedEvent)).ShouldBe("invalid_app_token");
        relayedRead.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> SendAs(HttpClient client, HttpMethod method, string path, string token, string? callerAppId)
    {
        var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("""{"id":"1","data":{}}""", Encoding.UTF8, "application/cloudevents+json");
        }

        request.Headers.Add("dapr-api-token", token);
        if (callerAppId is not null) request.Headers.Add("dapr-caller-app-id", callerAppId);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task Outside_development_a_service_without_an_app_api_token_does_not_start()
    {
        var error = await Should.ThrowAsync<InvalidOperationException>(() => TestApp.StartAsync(_ => { }, new() { ["APP_API_TOKEN"] = "" }));

        error.Message.ShouldContain("APP_API_TOKEN");
    }

    [Fact]
    public async Task In_development_without_an_app_api_token_sidecar_only_routes_stay_open_as_under_a_plain_dapr_run()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/internal/thing", () => "ok").RequireSidecar(),
            new() { ["APP_API_TOKEN"] = "" }, environment: "Development");

        using var response = await app.GetTestClient().GetAsync("/internal/thing");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_routes_get_a_404_problem_with_a_code()
    {
        await using var app = await TestApp.StartAsync(_ => { });

        using var response = await app.GetTestClient().GetAsync("/api/nowhere");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await Code(response)).ShouldBe("not_found");
    }

    [Fact]
    public async Task An_oversized_body_gets_a_413_problem()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/api/items", (Item item) => Results.Ok(item)),
            new() { ["Http:MaxRequestBodyBytes"] = "100" });

        using var response = await app.GetTestClient().PostAsync("/api/items",
            new StringContent($"{{\"quantity\":1,\"note\":\"{new string('x', 500)}\"}}", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Code(response)).ShouldBe("payload_too_large");
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("dapr-api-token", token);
        return client.SendAsync(request);
    }

    private static async Task<string?> Code(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString();

    private sealed record Item(int Quantity, string? Note);
}
