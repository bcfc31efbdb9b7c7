using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>Deliveries through the services' pipeline: the envelope guard, then Dapr.AspNetCore's <c>UseCloudEvents</c>.</summary>
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
    public async Task An_endpoint_reads_the_event_data_and_sees_the_envelope_attributes()
    {
        await using var app = await StartAsync();

        using var response = await Deliver(app, DocsEnvelope);

        (await response.Content.ReadAsStringAsync()).ShouldBe(
            """application/json|{"orderId":1}|5929aaac-a5e2-4ca1-859c-edfe73f11565|checkout|com.dapr.event.sent|orders""");
    }

    [Fact]
    public async Task A_forged_cloudevent_header_never_replaces_the_envelope_id_subscribers_deduplicate_on()
    {
        await using var app = await StartAsync();

        using var response = await Deliver(app, DocsEnvelope, forgedId: "forged-id");

        (await response.Content.ReadAsStringAsync()).ShouldContain("|5929aaac-a5e2-4ca1-859c-edfe73f11565|");
    }

    [Fact]
    public async Task Unwraps_data_base64_into_raw_bytes()
    {
        await using var app = await StartAsync();

        using var response = await Deliver(app, """{"id":"1","datacontenttype":"application/octet-stream","data_base64":"aGk="}""");

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("application/octet-stream|hi|1|");
    }

    [Fact]
    public async Task Unquotes_string_data_with_a_text_content_type()
    {
        await using var app = await StartAsync();

        using var response = await Deliver(app, """{"id":"1","datacontenttype":"text/plain","data":"hello"}""");

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("text/plain|hello|1|");
    }

    [Fact]
    public async Task A_media_type_spelled_in_capitals_is_unwrapped_too()
    {
        await using var app = await StartAsync();

        using var response = await Deliver(app, DocsEnvelope, contentType: "Application/CloudEvents+JSON");

        (await response.Content.ReadAsStringAsync()).ShouldStartWith("""application/json|{"orderId":1}|""");
    }

    [Fact]
    public async Task A_plain_json_request_passes_through_untouched()
    {
        await using var app = await StartAsync();

        using var response = await app.GetSidecarClient().PostAsync("/events/echo", new StringContent("""{"orderId":7}""", Encoding.UTF8, "application/json"));

        (await response.Content.ReadAsStringAsync()).ShouldBe("""application/json; charset=utf-8|{"orderId":7}||||""");
    }

    private static Task<WebApplication> StartAsync() => TestApp.StartAsync(a => a.MapPost("/events/echo", async (HttpRequest request) =>
    {
        using var reader = new StreamReader(request.Body);
        var envelope = request.HttpContext.GetCloudEvent();
        return $"{request.ContentType}|{await reader.ReadToEndAsync()}|{envelope?.Id}|{envelope?.Source}|{envelope?.Type}|{envelope?.Topic}";
    }).Subscribes(a, "echo"));

    private static async Task<HttpResponseMessage> Deliver(WebApplication app, string envelope, string? forgedId = null,
        string contentType = "application/cloudevents+json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/events/echo") { Content = new StringContent(envelope, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        if (forgedId is not null) request.Headers.Add("Cloudevent.id", forgedId);
        var response = await app.GetSidecarClient().SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return response;
    }
}
