using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TokenPln.BuildingBlocks.Events;

namespace TokenPln.BuildingBlocks.UnitTests;

public class HostingTests
{
    [Fact]
    public async Task With_an_app_api_token_only_requests_carrying_it_get_through()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/api/thing", () => "ok"),
            new() { ["APP_API_TOKEN"] = "from-sidecar" });
        var client = app.GetTestClient();

        using var anonymous = await client.GetAsync("/api/thing");
        using var wrong = await Send(client, "/api/thing", "nope");
        using var right = await Send(client, "/api/thing", "from-sidecar");
        using var health = await client.GetAsync("/alive");

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Code(anonymous)).ShouldBe("invalid_app_token");
        wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
        health.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_an_app_api_token_requests_need_none()
    {
        await using var app = await TestApp.StartAsync(a => a.MapGet("/api/thing", () => "ok"));

        using var response = await app.GetTestClient().GetAsync("/api/thing");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{\"quantity\": 1", "malformed_request")]
    [InlineData("{\"quantity\": \"two\"}", "malformed_request")]
    [InlineData("[]", "malformed_request")]
    public async Task Malformed_json_gets_a_400_problem_with_a_code(string body, string code)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/api/items", (Item item) => Results.Ok(item)));

        using var response = await app.GetTestClient().PostAsync("/api/items", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await Code(response)).ShouldBe(code);
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

    [Fact]
    public async Task Publisher_posts_json_to_the_sidecar_with_the_event_id_as_cloudevent_id()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var publisher = new DaprEventPublisher(new HttpClient(recorder) { BaseAddress = new Uri("http://127.0.0.1:3502/") },
            new Dapr.DaprOptions { PubSubName = "pubsub", ApiToken = "tok" });
        var id = Guid.Parse("5929aaac-a5e2-4ca1-859c-edfe73f11565");

        await publisher.PublishAsync("office-hours-changed", id, """{"a":1}""", CancellationToken.None);

        var request = recorder.Requests.Single();
        request.Method.ShouldBe(HttpMethod.Post);
        request.Uri.ToString().ShouldBe("http://127.0.0.1:3502/v1.0/publish/pubsub/office-hours-changed?metadata.cloudevent.id=5929aaac-a5e2-4ca1-859c-edfe73f11565");
        request.ContentType.ShouldBe("application/json; charset=utf-8");
        request.Body.ShouldBe("""{"a":1}""");
        request.Headers["dapr-api-token"].ShouldBe("tok");
    }

    [Fact]
    public async Task Publisher_reports_a_sidecar_refusal_as_a_failure()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)
        {
            Content = new StringContent("""{"errorCode":"ERR_PUBSUB_NOT_FOUND","message":"pubsub pubsub not found"}"""),
        });
        var publisher = new DaprEventPublisher(new HttpClient(recorder) { BaseAddress = new Uri("http://127.0.0.1:3502/") }, new Dapr.DaprOptions());

        var error = await Should.ThrowAsync<HttpRequestException>(() => publisher.PublishAsync("t", Guid.NewGuid(), "{}", CancellationToken.None));

        error.Message.ShouldContain("ERR_PUBSUB_NOT_FOUND");
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
