using System.Net;
using System.Text;
using System.Text.Json;

namespace TokenPln.LocalRunner.Tests;

/// <summary>The sidecar's HTTP API answers what a real SDK or a plain client sends the way daprd 1.19 does.</summary>
public class HttpApiParityTests
{
    private const string Subscriptions = """
        [{"pubsubName":"pubsub","topic":"batch","route":"events/batch","deadLetterTopic":"parked"},
         {"pubsubName":"pubsub","topic":"raw","route":"events/raw","metadata":{"rawPayload":"true"}}]
        """;

    [Theory]
    [InlineData("v1.0-alpha1/publish/bulk/pubsub/batch")]
    [InlineData("v1.0/publish/bulk/pubsub/batch")]
    public async Task Bulk_publish_delivers_every_entry_with_its_own_cloudevent_id(string path)
    {
        await using var sidecar = await StartWithSubscriptionsAsync();

        using var response = await sidecar.CallerClient.PostAsync(path, new StringContent("""
            [{"entryId":"1","event":{"orderId":1},"contentType":"application/json","metadata":{"cloudevent.id":"evt-a"}},
             {"entryId":"2","event":"plain words","contentType":"text/plain"}]
            """, Encoding.UTF8, "application/json"));
        await sidecar.EventuallyAsync(() => sidecar.Deliveries.Count(d => d.Path == "batch") == 2 ? "both" : null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var events = sidecar.Deliveries.Where(d => d.Path == "batch").Select(d => SidecarFixture.Json(d.Body)).ToList();
        var first = events.Single(e => e.GetProperty("id").GetString() == "evt-a");
        first.GetProperty("data").GetProperty("orderId").GetInt32().ShouldBe(1);
        var second = events.Single(e => e.GetProperty("id").GetString() != "evt-a");
        second.GetProperty("datacontenttype").GetString().ShouldBe("text/plain");
        second.GetProperty("data").GetString().ShouldBe("plain words");
    }

    [Theory]
    [InlineData("""[{"entryId":"1","event":{}},{"entryId":"1","event":{}}]""", "duplicated")]
    [InlineData("""[{"event":{}}]""", "entryId is required")]
    [InlineData("""{"not":"an array"}""", "JSON array")]
    public async Task A_bad_bulk_body_publishes_nothing_and_is_a_400(string body, string named)
    {
        await using var sidecar = await StartWithSubscriptionsAsync();

        using var response = await sidecar.CallerClient.PostAsync("v1.0-alpha1/publish/bulk/pubsub/batch",
            new StringContent(body, Encoding.UTF8, "application/json"));
        await Task.Delay(200);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = SidecarFixture.Json(await response.Content.ReadAsStringAsync());
        error.GetProperty("errorCode").GetString().ShouldBe("ERR_PUBSUB_EVENTS_SER");
        error.GetProperty("message").GetString()!.ShouldContain(named);
        sidecar.Deliveries.ShouldBeEmpty();
    }

    [Fact]
    public async Task Bulk_publish_to_an_unknown_pubsub_is_daprds_404()
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = await sidecar.CallerClient.PostAsync("v1.0-alpha1/publish/bulk/nopubsub/batch",
            new StringContent("""[{"entryId":"1","event":{}}]""", Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        SidecarFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe("ERR_PUBSUB_NOT_FOUND");
    }

    [Fact]
    public async Task The_metadata_document_has_daprds_shape_and_only_this_apps_subscriptions()
    {
        await using var sidecar = await StartWithSubscriptionsAsync();
        using var orders = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{sidecar.Orders.HttpPort}/") };

        var document = SidecarFixture.Json(await orders.GetStringAsync("v1.0/metadata"));
        var callers = SidecarFixture.Json(await sidecar.CallerClient.GetStringAsync("v1.0/metadata"));

        document.GetProperty("id").GetString().ShouldBe("orders");
        document.GetProperty("runtimeVersion").GetString().ShouldNotBeNullOrEmpty();
        document.GetProperty("enabledFeatures").ValueKind.ShouldBe(JsonValueKind.Array);
        var pubsub = document.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "pubsub");
        pubsub.GetProperty("type").GetString().ShouldBe("pubsub.redis");
        pubsub.GetProperty("version").GetString().ShouldBe("v1");
        pubsub.GetProperty("capabilities").ValueKind.ShouldBe(JsonValueKind.Array);
        var subscriptions = document.GetProperty("subscriptions").EnumerateArray().ToList();
        subscriptions.Select(s => s.GetProperty("topic").GetString()).ShouldBe(["batch", "raw"], ignoreOrder: true);
        var batch = subscriptions.Single(s => s.GetProperty("topic").GetString() == "batch");
        batch.GetProperty("pubsubname").GetString().ShouldBe("pubsub");
        batch.GetProperty("deadLetterTopic").GetString().ShouldBe("parked");
        batch.GetProperty("rules")[0].GetProperty("path").GetString().ShouldBe("events/batch");
        batch.GetProperty("type").GetString().ShouldBe("PROGRAMMATIC");
        subscriptions.Single(s => s.GetProperty("topic").GetString() == "raw").GetProperty("metadata").GetProperty("rawPayload").GetString().ShouldBe("true");
        document.GetProperty("httpEndpoints").ValueKind.ShouldBe(JsonValueKind.Array);
        var connection = document.GetProperty("appConnectionProperties");
        connection.GetProperty("port").GetInt32().ShouldBe(sidecar.Orders.AppPort);
        connection.GetProperty("protocol").GetString().ShouldBe("http");
        connection.GetProperty("channelAddress").GetString().ShouldBe("127.0.0.1");
        callers.GetProperty("subscriptions").GetArrayLength().ShouldBe(0, "the caller subscribed to nothing");
    }

    [Theory]
    [InlineData("GET", "v1.0/state/statestore/order-1", "statestore")]
    [InlineData("POST", "v1.0/state/statestore", "statestore")]
    [InlineData("DELETE", "v1.0/state/cache/k", "cache")]
    [InlineData("POST", "v1.0/state/statestore/bulk", "statestore")]
    [InlineData("POST", "v1.0-alpha1/state/statestore/query", "statestore")]
    public async Task A_state_call_without_a_state_store_is_daprds_not_configured_error_never_an_invocation(string method, string path, string store)
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = await sidecar.CallerClient.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "GET" ? null : new StringContent("""[{"key":"k","value":1}]""", Encoding.UTF8, "application/json"),
        });

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var error = SidecarFixture.Json(await response.Content.ReadAsStringAsync());
        error.GetProperty("errorCode").GetString().ShouldBe("ERR_STATE_STORE_NOT_CONFIGURED");
        error.GetProperty("message").GetString().ShouldBe($"state store {store} is not configured");
    }

    [Theory]
    [InlineData("v1.0/secrets/secrets/Denied", 403, "ERR_PERMISSION_DENIED")]
    [InlineData("v1.0/secrets/orderssecrets/plain", 401, "ERR_SECRET_STORE_NOT_FOUND")]
    public async Task A_scoped_out_secret_or_store_is_refused_over_http_as_daprd_does(string path, int status, string code)
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = await sidecar.CallerClient.GetAsync(path);
        var bulk = SidecarFixture.Json(await sidecar.CallerClient.GetStringAsync("v1.0/secrets/secrets/bulk"));

        ((int)response.StatusCode).ShouldBe(status);
        SidecarFixture.Json(await response.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe(code);
        bulk.TryGetProperty("Denied", out _).ShouldBeFalse("a bulk read leaves scoped-out keys out");
    }

    [Fact]
    public async Task Shutdown_over_http_is_acknowledged_with_204()
    {
        await using var sidecar = await SidecarFixture.StartAsync();

        using var response = await sidecar.CallerClient.PostAsync("v1.0/shutdown", null);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    private static async Task<SidecarFixture> StartWithSubscriptionsAsync()
    {
        var sidecar = await SidecarFixture.StartAsync();
        sidecar.SubscribeDocument = Subscriptions;
        (await sidecar.LoadSubscriptionsAsync()).ShouldBe(2);
        return sidecar;
    }
}
