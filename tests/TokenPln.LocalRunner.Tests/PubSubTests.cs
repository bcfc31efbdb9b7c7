using System.Net;
using System.Text;
using TokenPln.LocalRunner.PubSub;

namespace TokenPln.LocalRunner.Tests;

public class PubSubTests
{
    private const string Subscriptions = """
        [{"pubsubName":"pubsub","topic":"orders","route":"events/ok"},
         {"pubsubname":"pubsub","topic":"flaky","route":"/events/retry-once"},
         {"pubsubName":"pubsub","topic":"crashy","route":"events/fail-once"},
         {"pubsubName":"pubsub","topic":"casing","route":"events/lowercase"},
         {"pubsubName":"pubsub","topic":"poison","route":"events/drop","deadLetterTopic":"parked"},
         {"pubsubName":"pubsub","topic":"misrouted","routes":{"default":"events/missing/route"},"deadLetterTopic":"parked"},
         {"pubsubName":"pubsub","topic":"hopeless","route":"events/always-500","deadLetterTopic":"parked"},
         {"pubsubName":"pubsub","topic":"parked","route":"events/dlq"}]
        """;

    [Fact]
    public async Task A_published_event_reaches_the_subscriber_as_a_cloudevent_built_like_daprd()
    {
        await using var sidecar = await StartWithSubscriptionsAsync();

        using var published = await sidecar.CallerClient.PostAsync("v1.0/publish/pubsub/orders?metadata.cloudevent.id=evt-1",
            new StringContent("""{"orderId":1}""", Encoding.UTF8, "application/json"));
        var delivery = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok") is { Body: not null } d ? d.Body : null);

        published.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var envelope = SidecarFixture.Json(delivery);
        sidecar.Deliveries.Single(d => d.Path == "ok").ContentType.ShouldBe("application/cloudevents+json");
        envelope.GetProperty("id").GetString().ShouldBe("evt-1");
        envelope.GetProperty("source").GetString().ShouldBe("caller");
        envelope.GetProperty("type").GetString().ShouldBe("com.dapr.event.sent");
        envelope.GetProperty("specversion").GetString().ShouldBe("1.0");
        envelope.GetProperty("topic").GetString().ShouldBe("orders");
        envelope.GetProperty("pubsubname").GetString().ShouldBe("pubsub");
        envelope.GetProperty("datacontenttype").GetString().ShouldBe("application/json; charset=utf-8");
        envelope.GetProperty("data").GetProperty("orderId").GetInt32().ShouldBe(1);
        envelope.GetProperty("traceparent").GetString().ShouldBe(envelope.GetProperty("traceid").GetString());
    }

    [Theory]
    [InlineData("flaky", "retry-once")]
    [InlineData("crashy", "fail-once")]
    [InlineData("casing", "lowercase")]
    public async Task Retry_a_500_or_an_unknown_status_value_are_redelivered_until_success(string topic, string route)
    {
        await using var sidecar = await StartWithSubscriptionsAsync();

        await sidecar.CallerClient.PostAsync($"v1.0/publish/pubsub/{topic}", new StringContent("{}", Encoding.UTF8, "application/json"));

        await sidecar.EventuallyAsync(() => sidecar.Attempts.GetValueOrDefault(route) >= 2 ? "done" : null);
        await Task.Delay(300);
        sidecar.Attempts[route].ShouldBe(2);
    }

    [Theory]
    [InlineData("poison", "drop")]
    [InlineData("misrouted", null)]
    [InlineData("hopeless", "always-500")]
    public async Task Drop_404_and_exhausted_retries_go_to_the_dead_letter_topic(string topic, string? route)
    {
        await using var sidecar = await StartWithSubscriptionsAsync();

        await sidecar.CallerClient.PostAsync($"v1.0/publish/pubsub/{topic}?metadata.cloudevent.id=dl-{topic}",
            new StringContent("{}", Encoding.UTF8, "application/json"));
        var parked = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "dlq").Body);

        SidecarFixture.Json(parked).GetProperty("id").GetString().ShouldBe($"dl-{topic}");
        if (route == "always-500")
        {
            // One delivery and two retries, as the inbound policy (maxRetries: 2) allows.
            sidecar.Attempts[route].ShouldBe(3);
        }
        else if (route is not null)
        {
            sidecar.Attempts[route].ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_message_published_before_the_app_subscribes_is_delivered_once_it_does()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        await sidecar.CallerClient.PostAsync("v1.0/publish/pubsub/orders", new StringContent("""{"early":true}""", Encoding.UTF8, "application/json"));

        sidecar.SubscribeDocument = Subscriptions;
        await sidecar.LoadSubscriptionsAsync();

        var delivered = await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok").Body);
        SidecarFixture.Json(delivered).GetProperty("data").GetProperty("early").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task An_app_whose_first_subscribe_requests_fail_still_gets_its_subscriptions()
    {
        await using var sidecar = await SidecarFixture.StartAsync();
        sidecar.SubscribeDocument = Subscriptions;
        sidecar.SubscribeRequestsDropped = 2;

        var registered = await sidecar.LoadSubscriptionsAsync();

        registered.ShouldBeGreaterThan(0);
        sidecar.SubscribeRequestsDropped.ShouldBeLessThan(0, "the app was asked again after the dropped requests");
    }

    [Fact]
    public async Task Publishing_without_content_type_wraps_the_body_as_a_text_string_like_dapr()
    {
        await using var sidecar = await StartWithSubscriptionsAsync();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"orderId":1}"""));

        await sidecar.CallerClient.PostAsync("v1.0/publish/pubsub/orders", content);
        var envelope = SidecarFixture.Json(await sidecar.EventuallyAsync(() => sidecar.Deliveries.FirstOrDefault(d => d.Path == "ok").Body));

        envelope.GetProperty("datacontenttype").GetString().ShouldBe("text/plain");
        envelope.GetProperty("data").GetString().ShouldBe("""{"orderId":1}""");
    }

    [Theory]
    [InlineData(200, "", "Success")]
    [InlineData(204, "", "Success")]
    [InlineData(200, "not json", "Success")]
    [InlineData(200, """{"status":"SUCCESS"}""", "Success")]
    [InlineData(200, """{"status":""}""", "Success")]
    [InlineData(200, """{"other":1}""", "Success")]
    [InlineData(200, """{"status":"RETRY"}""", "Retry")]
    [InlineData(200, """{"status":"DROP"}""", "Drop")]
    [InlineData(200, """{"status":"success"}""", "Retry")]
    [InlineData(404, "", "Drop")]
    [InlineData(500, "", "Retry")]
    [InlineData(400, "", "Retry")]
    public void Acknowledgements_follow_the_documented_table(int status, string body, string expected) =>
        ConsumerGroup.Interpret(status, body).ToString().ShouldBe(expected);

    private static async Task<SidecarFixture> StartWithSubscriptionsAsync()
    {
        var sidecar = await SidecarFixture.StartAsync();
        sidecar.SubscribeDocument = Subscriptions;
        (await sidecar.LoadSubscriptionsAsync()).ShouldBe(8);
        return sidecar;
    }
}
