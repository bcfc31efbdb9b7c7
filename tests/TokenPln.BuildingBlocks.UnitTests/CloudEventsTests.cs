using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.BuildingBlocks.Subscriptions;

namespace TokenPln.BuildingBlocks.UnitTests;

public class CloudEventsTests
{
    // The delivered envelope from dapr-http-api.md 3.2 (docs: pubsub-cloudevents.md).
    private const string DocsEnvelope = """
        {"topic":"orders","pubsubname":"order_pub_sub","traceid":"00-113ad9c4e42b27583ae98ba698d54255-e3743e35ff56f219-01",
         "tracestate":"","data":{"orderId":1},"id":"5929aaac-a5e2-4ca1-859c-edfe73f11565","specversion":"1.0",
         "datacontenttype":"application/json; charset=utf-8","source":"checkout","type":"com.dapr.event.sent",
         "time":"2020-09-23T06:23:21Z","traceparent":"00-113ad9c4e42b27583ae98ba698d54255-e3743e35ff56f219-01"}
        """;

    [Fact]
    public void Unwraps_json_data_of_the_documented_envelope_into_the_body()
    {
        using var envelope = JsonDocument.Parse(DocsEnvelope);

        var (body, contentType) = CloudEventsMiddleware.Unwrap(envelope.RootElement)!.Value;

        Encoding.UTF8.GetString(body).ShouldBe("""{"orderId":1}""");
        contentType.ShouldBe("application/json");
    }

    [Fact]
    public void Unwraps_data_base64_into_raw_bytes()
    {
        using var envelope = JsonDocument.Parse("""{"id":"1","datacontenttype":"application/octet-stream","data_base64":"AAEC"}""");

        var (body, contentType) = CloudEventsMiddleware.Unwrap(envelope.RootElement)!.Value;

        body.ShouldBe(new byte[] { 0, 1, 2 });
        contentType.ShouldBe("application/octet-stream");
    }

    [Fact]
    public void Unquotes_string_data_with_a_text_content_type()
    {
        using var envelope = JsonDocument.Parse("""{"id":"1","datacontenttype":"text/plain","data":"hello"}""");

        Encoding.UTF8.GetString(CloudEventsMiddleware.Unwrap(envelope.RootElement)!.Value.Body).ShouldBe("hello");
    }

    [Fact]
    public void Keeps_a_json_string_that_dapr_sent_for_a_publish_without_content_type_readable()
    {
        // Published without Content-Type, the body arrives as a JSON string with datacontenttype text/plain (pitfall 9.1).
        using var envelope = JsonDocument.Parse("""{"id":"1","datacontenttype":"text/plain","data":"{\"orderId\":1}"}""");

        Encoding.UTF8.GetString(CloudEventsMiddleware.Unwrap(envelope.RootElement)!.Value.Body).ShouldBe("""{"orderId":1}""");
    }

    [Fact]
    public void Refuses_an_envelope_with_both_data_and_data_base64()
    {
        using var envelope = JsonDocument.Parse("""{"id":"1","data":{},"data_base64":"AA=="}""");

        CloudEventsMiddleware.Unwrap(envelope.RootElement).ShouldBeNull();
    }

    [Fact]
    public async Task An_endpoint_binds_the_event_data_and_sees_the_envelope_id()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapPost("/orders", (Order order, HttpContext context) =>
            Results.Ok(new { order.OrderId, EnvelopeId = context.GetCloudEvent()?.Id })));

        using var response = await app.GetTestClient().PostAsync("/orders",
            new StringContent(DocsEnvelope, Encoding.UTF8, "application/cloudevents+json"));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("""{"orderId":1,"envelopeId":"5929aaac-a5e2-4ca1-859c-edfe73f11565"}""");
    }

    [Fact]
    public async Task A_plain_json_request_passes_through_untouched()
    {
        await using var app = await StartAsync(endpoints => endpoints.MapPost("/orders", (Order order) => Results.Ok(order.OrderId)));

        using var response = await app.GetTestClient().PostAsync("/orders", new StringContent("""{"orderId":7}""", Encoding.UTF8, "application/json"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("7");
    }

    private static async Task<WebApplication> StartAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseCloudEvents();
        map(app);
        await app.StartAsync();
        return app;
    }

    private sealed record Order(int OrderId);
}
