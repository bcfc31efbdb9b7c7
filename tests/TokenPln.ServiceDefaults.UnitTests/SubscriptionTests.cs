using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.ServiceDefaults.UnitTests;

public class SubscriptionTests
{
    [Fact]
    public async Task Subscribe_document_lists_each_topic_with_this_apps_dead_letter_topic_in_the_shape_dapr_reads()
    {
        await using var app = await TestApp.StartAsync(a =>
        {
            a.MapPost("/events/b", () => TopicAck.Success()).Subscribes(a, "b-topic");
            a.MapPost("/events/a", () => TopicAck.Success()).Subscribes(a, "a-topic");
            a.MapPost("/not-a-subscriber", () => Results.Ok());
        });

        var json = await app.GetSidecarClient().GetStringAsync("/dapr/subscribe");

        // dapr-http-api.md 3.5: a JSON array of {pubsubName, topic, route[, deadLetterTopic]}, routes without a leading
        // slash (Dapr.AspNetCore's MapSubscribeHandler orders them by pub/sub and topic). Dead letters of this app go to its
        // own topic, read by its sink.
        json.ShouldBe("""
            [{"topic":"a-topic","pubsubName":"pubsub","route":"events/a","deadLetterTopic":"dead-letters.test-service"},
            {"topic":"b-topic","pubsubName":"pubsub","route":"events/b","deadLetterTopic":"dead-letters.test-service"},
            {"topic":"dead-letters.test-service","pubsubName":"pubsub","route":"events/dead-letters"}]
            """.Replace("\n", "").Replace("\r", ""));
    }

    [Fact]
    public async Task An_app_without_subscriptions_lists_only_its_dead_letter_sink()
    {
        await using var app = await TestApp.StartAsync(_ => { });

        (await app.GetSidecarClient().GetStringAsync("/dapr/subscribe"))
            .ShouldBe("""[{"topic":"dead-letters.test-service","pubsubName":"pubsub","route":"events/dead-letters"}]""");
    }

    [Fact]
    public async Task The_subscribe_document_and_the_sink_are_not_in_the_public_api_description()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => TopicAck.Success()).Subscribes(a, "x").ExcludeFromDescription());

        var routes = app.Services.GetRequiredService<Microsoft.AspNetCore.Mvc.ApiExplorer.IApiDescriptionGroupCollectionProvider>()
            .ApiDescriptionGroups.Items.SelectMany(g => g.Items).Select(d => d.RelativePath).ToList();

        routes.ShouldNotContain("dapr/subscribe");
        routes.ShouldNotContain("events/dead-letters");
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
        }).Subscribes(a, "x"));

        using var response = await app.GetSidecarClient().PostAsync("/events/x",
            new StringContent("""{"id":"1","datacontenttype":"application/json","data":{}}""", Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString().ShouldBe(expected);
    }

    [Theory]
    [InlineData("{not json", "malformed_request")]
    [InlineData("[1,2]", "malformed_request")]
    [InlineData("""{"id":"1","data":{},"data_base64":"AA=="}""", "malformed_request")]
    [InlineData("""{"id":"1","data_base64":"not base64!"}""", "malformed_request")]
    [InlineData("""{"id":"1","id":"2","data":{}}""", "duplicate_property")]
    public async Task An_unreadable_cloudevent_is_answered_with_a_problem_not_a_server_error(string envelope, string code)
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => TopicAck.Success()).Subscribes(a, "x"));

        using var response = await app.GetSidecarClient().PostAsync("/events/x", new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().ShouldBe(code);
    }

    [Fact]
    public async Task The_dead_letter_sink_acknowledges_so_parked_messages_are_not_redelivered()
    {
        await using var app = await TestApp.StartAsync(a => a.MapPost("/events/x", () => TopicAck.Success()).Subscribes(a, "x"));

        using var response = await app.GetSidecarClient().PostAsync(SubscriptionEndpoints.DeadLetterRoute,
            new StringContent("""{"id":"dl-1","type":"com.dapr.event.sent","data":{"a":1}}""", Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"status":"SUCCESS"}""");
    }
}
