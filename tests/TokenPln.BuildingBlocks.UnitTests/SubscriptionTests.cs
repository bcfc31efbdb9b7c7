using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using TokenPln.BuildingBlocks.Subscriptions;

namespace TokenPln.BuildingBlocks.UnitTests;

public class SubscriptionTests
{
    [Fact]
    public async Task Subscribe_document_lists_each_topic_in_the_shape_dapr_reads()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapPost("/events/b", () => TopicAck.Success()).WithTopic("b-topic");
            a.MapPost("/events/a", () => TopicAck.Success()).WithTopic("a-topic");
            a.MapPost("/not-a-subscriber", () => Results.Ok());
        });

        var json = await app.GetSidecarClient().GetStringAsync("/dapr/subscribe");

        // dapr-http-api.md 3.5: a JSON array of {pubsubName, topic, route[, deadLetterTopic]}, routes without a leading
        // slash, ordered by pub/sub and topic. Dead letters of this app go to its own topic, read by its sink.
        json.ShouldBe("""
            [{"pubsubName":"pubsub","topic":"a-topic","route":"events/a","deadLetterTopic":"dead-letters.test-service"},
            {"pubsubName":"pubsub","topic":"b-topic","route":"events/b","deadLetterTopic":"dead-letters.test-service"},
            {"pubsubName":"pubsub","topic":"dead-letters.test-service","route":"events/dead-letters"}]
            """.Replace("\n", "").Replace("\r", ""));
    }

    [Fact]
    public async Task An_app_without_subscriptions_answers_an_empty_array()
    {
        await using var app = await TestApp.StartAsync(_ => { });

        (await app.GetSidecarClient().GetStringAsync("/dapr/subscribe")).ShouldBe("[]");
    }

    [Theory]
    [InlineData("success", "SUCCESS")]
    [InlineData("retry", "RETRY")]
    [InlineData("drop", "DROP")]
    public async Task Acknowledgements_use_the_exact_uppercase_status_dapr_recognises(string outcome, string expected)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => outcome switch
        {
            "retry" => TopicAck.Retry(),
            "drop" => TopicAck.Drop(),
            _ => TopicAck.Success(),
        }).WithTopic("x"));

        using var response = await app.GetSidecarClient().PostAsync("/events/x",
            new StringContent("""{"id":"1","datacontenttype":"application/json","data":{}}""", Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe(expected);
    }

    [Fact]
    public async Task Malformed_cloudevent_is_answered_with_a_problem_not_a_server_error()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => TopicAck.Success()).WithTopic("x"));

        using var response = await app.GetSidecarClient().PostAsync("/events/x", new StringContent("{not json", Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().ShouldBe("malformed_request");
    }

    [Fact]
    public async Task The_dead_letter_sink_acknowledges_so_parked_messages_are_not_redelivered()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => TopicAck.Success()).WithTopic("x"));

        using var response = await app.GetSidecarClient().PostAsync(SubscriptionEndpoints.DeadLetterRoute,
            new StringContent("""{"id":"dl-1","type":"com.dapr.event.sent","data":{"a":1}}""", Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"status":"SUCCESS"}""");
    }
}
