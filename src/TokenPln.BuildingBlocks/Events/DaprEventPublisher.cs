using System.Net.Http.Headers;
using System.Text;
using TokenPln.BuildingBlocks.Dapr;

namespace TokenPln.BuildingBlocks.Events;

/// <summary>Publishes through the sidecar's <c>POST /v1.0/publish/{pubsub}/{topic}</c>.</summary>
public sealed class DaprEventPublisher(HttpClient httpClient, DaprOptions options) : IEventPublisher
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task PublishAsync(string topic, Guid eventId, string json, CancellationToken cancellationToken)
    {
        // Without application/json the sidecar would wrap the body as a string (datacontenttype text/plain).
        using var request = new HttpRequestMessage(HttpMethod.Post, BuildPath(options.PubSubName, topic, eventId))
        {
            Content = new StringContent(json, Encoding.UTF8) { Headers = { ContentType = Json } },
        };
        if (options.ApiToken is not null)
        {
            request.Headers.TryAddWithoutValidation(DaprInvocationHandler.ApiTokenHeader, options.ApiToken);
        }

        using var response = await httpClient.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException(
                $"Publishing to '{topic}' failed with {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }
    }

    public static string BuildPath(string pubSubName, string topic, Guid eventId) =>
        $"v1.0/publish/{Uri.EscapeDataString(pubSubName)}/{Uri.EscapeDataString(topic)}?metadata.cloudevent.id={eventId:D}";
}
