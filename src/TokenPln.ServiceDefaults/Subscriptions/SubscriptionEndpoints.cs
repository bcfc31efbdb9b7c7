using Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;

namespace TokenPln.ServiceDefaults.Subscriptions;

/// <summary>
/// What the apps add to Dapr.AspNetCore's subscriptions (<c>UseCloudEvents</c>, <c>MapSubscribeHandler</c>,
/// <c>WithTopic</c>): every topic this app reads comes from its pub/sub with this app's own dead-letter topic, whose
/// deliveries the sink logs as errors.
/// </summary>
public static class SubscriptionEndpoints
{
    public const string DeadLetterRoute = "/events/dead-letters";

    /// <summary>Forwards the envelope's attributes as <c>Cloudevent.*</c> headers, read back by <see cref="CloudEvent.From"/>.</summary>
    public static CloudEventsMiddlewareOptions CloudEventsOptions => new()
    {
        ForwardCloudEventPropertiesAsHeaders = true,
        IncludedCloudEventPropertiesAsHeaders = CloudEvent.ForwardedAttributes,
    };

    /// <summary>
    /// A subscription to <paramref name="topic"/> on this app's pub/sub; deliveries the sidecar gives up on go to this app's
    /// dead-letter topic. For <c>.WithTopic(...)</c>, beside <c>.RequireSidecar(deliveriesOnly: true)</c>.
    /// </summary>
    public static TopicOptions Subscription(this DaprOptions options, string topic) => new()
    {
        PubsubName = options.PubSubName,
        Name = topic,
        DeadLetterTopic = options.DeadLetterTopic,
    };

    /// <summary>Serves the dead-letter sink of this app, subscribed to its own dead-letter topic; only the sidecar may post to it.</summary>
    public static RouteHandlerBuilder MapDeadLetterSink(this IEndpointRouteBuilder endpoints)
    {
        var options = endpoints.ServiceProvider.GetRequiredService<DaprOptions>();
        return endpoints.MapPost(DeadLetterRoute, ParkDeadLetter)
            .WithTopic(new TopicOptions { PubsubName = options.PubSubName, Name = options.DeadLetterTopic })
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
    }

    private static async Task<Ok<TopicAck>> ParkDeadLetter(HttpRequest request, ILoggerFactory loggers)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        var envelope = request.HttpContext.GetCloudEvent();
        loggers.CreateLogger("TokenPln.DeadLetters").LogError(
            "Dead letter {EventId} of type {EventType} from {Source} could not be delivered: {Body}",
            envelope?.Id, envelope?.Type, envelope?.Source, body.Length > 4000 ? body[..4000] : body);
        return TopicAck.Success();
    }
}
