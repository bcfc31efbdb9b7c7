using System.Text;
using Dapr;
using Dapr.Client;
using Grpc.Core;
using TokenPln.ServiceClients;

namespace TokenPln.ServiceDefaults.Events;

/// <summary>Publishes through the SDK's <see cref="DaprClient"/> (gRPC <c>PublishEvent</c> to the sidecar).</summary>
public sealed class DaprEventPublisher(DaprClient dapr, DaprOptions options) : IEventPublisher
{
    /// <summary>Publish metadata that makes the sidecar use the given id as the CloudEvent id instead of a random one.</summary>
    public const string CloudEventIdMetadata = "cloudevent.id";

    public async Task PublishAsync(string topic, Guid eventId, string json, CancellationToken cancellationToken)
    {
        // The outbox holds the event already serialized, so it goes out as bytes of type application/json:
        // PublishEventAsync<string> would serialize it a second time and subscribers would receive a JSON string.
        var metadata = new Dictionary<string, string> { [CloudEventIdMetadata] = eventId.ToString("D") };
        try
        {
            await dapr.PublishByteEventAsync(options.PubSubName, topic, Encoding.UTF8.GetBytes(json), "application/json", metadata, cancellationToken);
        }
        catch (DaprException) when (cancellationToken.IsCancellationRequested)
        {
            // A publish cut short by shutdown is not a failed publish: the row stays unpublished and goes out on the next start.
            throw new OperationCanceledException(cancellationToken);
        }
        catch (DaprException ex) when (ex.InnerException is RpcException rpc)
        {
            // The SDK's own message says only "see InnerException"; the outbox keeps ex.Message as the row's last error.
            throw new DaprException($"Publishing to '{topic}' failed with {rpc.StatusCode}: {rpc.Status.Detail}", ex);
        }
    }
}
