using System.Net;
using System.Text;
using Dapr;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.LocalRunner.PubSub;
using TokenPln.LocalRunner.Resources;
using TokenPln.Testing;

namespace TokenPln.LocalRunner.Tests;

/// <summary>The broker over a private redis-server: what lands in Redis, and what survives the runner.</summary>
public sealed class RedisPubSubTests : IAsyncLifetime
{
    private const string Subscriptions = """
        [{"pubsubName":"pubsub","topic":"orders","route":"events/ok"},
         {"pubsubname":"pubsub","topic":"flaky","route":"/events/retry-once"},
         {"pubsubName":"pubsub","topic":"poison","route":"events/drop","deadLetterTopic":"parked"},
         {"pubsubName":"pubsub","topic":"parked","route":"events/dlq"}]
        """;

    private PrivateRedisServer _redis = null!;

    public async Task InitializeAsync() => _redis = await PrivateRedisServer.StartAsync();

    public async Task DisposeAsync() => await _redis.DisposeAsync();

    [Fact]
    public async Task A_published_event_is_added_to_the_topics_stream_and_acknowledged_in_the_apps_group_once_delivered()
    {
        await using var sidecar = await StartAsync(Subscriptions);

        using var published = await PublishAsync(sidecar, "orders", "evt-redis-1");
        var delivered = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok").Body);

        published.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        sidecar.PubSubDescription.ShouldContain($"served by Redis at {_redis.Host}");
        SidecarFixture.Json(delivered).GetProperty("id").GetString().ShouldBe("evt-redis-1");
        (await _redis.IntegerAsync("XLEN", "orders")).ShouldBe(1);
        await EventuallyAsync(async () => await _redis.IntegerAsync("XPENDING", "orders", "orders") == 0);
    }

    [Fact]
    public async Task A_retry_answer_redelivers_and_the_entry_is_acknowledged_only_after_success()
    {
        await using var sidecar = await StartAsync(Subscriptions);

        await PublishAsync(sidecar, "flaky", "evt-flaky");

        await sidecar.EventuallyAsync(() => sidecar.Attempts.GetValueOrDefault("retry-once") >= 2 ? "done" : null);
        await EventuallyAsync(async () => await _redis.IntegerAsync("XPENDING", "flaky", "orders") == 0);
        sidecar.Attempts["retry-once"].ShouldBe(2);
    }

    [Fact]
    public async Task A_dropped_event_is_added_to_the_dead_letter_stream_before_the_original_is_acknowledged()
    {
        await using var sidecar = await StartAsync(Subscriptions);

        await PublishAsync(sidecar, "poison", "evt-poison");
        var parked = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "dlq").Body);

        SidecarFixture.Json(parked).GetProperty("id").GetString().ShouldBe("evt-poison");
        (await _redis.IntegerAsync("XLEN", "parked")).ShouldBe(1);
        await EventuallyAsync(async () => await _redis.IntegerAsync("XPENDING", "poison", "orders") == 0);
        sidecar.Attempts["drop"].ShouldBe(1);
    }

    [Fact]
    public async Task An_event_the_app_never_acknowledged_before_the_runner_stopped_is_delivered_by_the_next_runner()
    {
        await using (var first = await StartAsync("""[{"pubsubName":"pubsub","topic":"stuck","route":"events/always-500"}]"""))
        {
            await PublishAsync(first, "stuck", "evt-stuck");
            await first.EventuallyAsync(() => first.Attempts.GetValueOrDefault("always-500") >= 1 ? "tried" : null);
        }

        (await _redis.IntegerAsync("XPENDING", "stuck", "orders")).ShouldBe(1);
        await using var second = await StartAsync("""[{"pubsubName":"pubsub","topic":"stuck","route":"events/ok"}]""");

        var delivered = await second.EventuallyAsync(() => second.Deliveries.FirstOrDefault(d => d.Path == "ok").Body);
        SidecarFixture.Json(delivered).GetProperty("id").GetString().ShouldBe("evt-stuck");
        await EventuallyAsync(async () => await _redis.IntegerAsync("XPENDING", "stuck", "orders") == 0);
    }

    [Fact]
    public async Task An_entry_stalled_with_another_consumer_is_reclaimed_after_the_processing_timeout_and_delivered()
    {
        // What a crashed daprd (a consumer of another name) leaves behind in the same group.
        await _redis.CommandAsync("XGROUP", "CREATE", "orders", "orders", "0", "MKSTREAM");
        await _redis.CommandAsync("XADD", "orders", "*", "data",
            """{"id":"evt-stalled","specversion":"1.0","type":"com.dapr.event.sent","source":"elsewhere","data":{}}""");
        await _redis.CommandAsync("XREADGROUP", "GROUP", "orders", "crashed-consumer", "COUNT", "10", "STREAMS", "orders", ">");
        (await _redis.IntegerAsync("XPENDING", "orders", "orders")).ShouldBe(1);

        await using var sidecar = await StartAsync(Subscriptions);

        var delivered = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok").Body);
        SidecarFixture.Json(delivered).GetProperty("id").GetString().ShouldBe("evt-stalled");
        await EventuallyAsync(async () => await _redis.IntegerAsync("XPENDING", "orders", "orders") == 0);
    }

    [Fact]
    public async Task A_publish_is_refused_with_daprds_error_when_redis_cannot_store_it()
    {
        await using var sidecar = await StartAsync(Subscriptions);
        await _redis.KillAsync();

        using var published = await PublishAsync(sidecar, "orders", "evt-lost");

        published.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        SidecarFixture.Json(await published.Content.ReadAsStringAsync()).GetProperty("errorCode").GetString().ShouldBe("ERR_PUBSUB_PUBLISH_MESSAGE");
    }

    [Fact]
    public async Task The_real_dapr_client_publishing_over_grpc_is_answered_after_the_xadd_and_refused_as_daprd_without_redis()
    {
        await using var sidecar = await StartAsync(Subscriptions);
        using var client = sidecar.DaprClientOf(sidecar.Caller);

        await client.PublishEventAsync("pubsub", "orders", new { orderId = 7 }, new Dictionary<string, string> { ["cloudevent.id"] = "evt-grpc" });
        (await _redis.IntegerAsync("XLEN", "orders")).ShouldBe(1);
        await _redis.KillAsync();
        var single = await Should.ThrowAsync<DaprException>(() => client.PublishEventAsync("pubsub", "orders", new { orderId = 8 }));
        var bulk = await Should.ThrowAsync<DaprException>(() => client.BulkPublishEventAsync("pubsub", "orders", new[] { new { orderId = 9 } }));

        foreach (var refused in new[] { single, bulk })
        {
            var status = refused.InnerException.ShouldBeOfType<RpcException>().Status;
            status.StatusCode.ShouldBe(StatusCode.Internal);
            status.Detail.ShouldStartWith("error when publish to topic orders in pubsub pubsub: XADD to stream orders");
        }
    }

    [Fact]
    public async Task Without_an_answer_at_redisHost_the_component_is_served_in_process_naming_the_host_it_tried()
    {
        var port = _redis.Port;
        await _redis.KillAsync();
        var component = new PubSubComponent("pubsub", [], "pubsub.yaml", "pubsub.redis", 10, TimeSpan.FromSeconds(15), 100,
            new RedisSettings($"127.0.0.1:{port}", null, null, false, TimeSpan.FromSeconds(15), null));

        await using var store = await PubSubStores.OpenAsync(component, NullLogger.Instance);

        store.ShouldBeOfType<InMemoryPubSubStore>();
        store.Description.ShouldContain("IN-PROCESS");
        store.Description.ShouldBe($"component pubsub (pubsub.redis) served IN-PROCESS by the runner (no Redis answered at 127.0.0.1:{port}: " +
                                   "nothing listens there): messages live for this run only");
    }

    private async Task<SidecarFixture> StartAsync(string subscriptions)
    {
        var sidecar = await SidecarFixture.StartAsync(redisHost: _redis.Host);
        sidecar.SubscribeDocument = subscriptions;
        await sidecar.LoadSubscriptionsAsync();
        return sidecar;
    }

    private static Task<HttpResponseMessage> PublishAsync(SidecarFixture sidecar, string topic, string id) =>
        sidecar.CallerClient.PostAsync($"v1.0/publish/pubsub/{topic}?metadata.cloudevent.id={id}",
            new StringContent("{}", Encoding.UTF8, "application/json"));

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met in time.");
            await Task.Delay(50);
        }
    }
}
