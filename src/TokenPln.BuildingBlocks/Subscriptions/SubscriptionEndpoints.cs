using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using TokenPln.BuildingBlocks.Dapr;

namespace TokenPln.BuildingBlocks.Subscriptions;

public static class SubscriptionEndpoints
{
    public const string DeadLetterRoute = "/events/dead-letters";

    private static readonly JsonSerializerOptions SubscribeJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Declares that this POST endpoint receives <paramref name="topic"/> from the app's pub/sub component.
    /// Deliveries the sidecar gives up on go to this app's dead-letter topic, where they are logged as errors. Only the
    /// sidecar may post to it.
    /// </summary>
    public static RouteHandlerBuilder WithTopic(this RouteHandlerBuilder builder, string topic) =>
        builder.WithMetadata(new TopicMarker(topic, IsDeadLetterSink: false)).RequireSidecar(deliveriesOnly: true).ExcludeFromDescription();

    /// <summary>Serves <c>GET /dapr/subscribe</c> and the dead-letter sink of this app.</summary>
    public static IEndpointRouteBuilder MapSubscribeHandler(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/dapr/subscribe", (EndpointDataSource dataSource, DaprOptions options) =>
                Results.Json(BuildSubscribeDocument(dataSource.Endpoints, options), SubscribeJson))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        endpoints.MapPost(DeadLetterRoute, ParkDeadLetter)
            .WithMetadata(new TopicMarker("", IsDeadLetterSink: true))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    public static IReadOnlyList<SubscribeEntry> BuildSubscribeDocument(IEnumerable<Endpoint> endpoints, DaprOptions options)
    {
        var entries = new List<SubscribeEntry>();
        var hasTopics = false;
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<TopicMarker>() is not { } marker)
            {
                continue;
            }

            var route = endpoint.RoutePattern.RawText?.TrimStart('/')
                ?? throw new InvalidOperationException($"Subscription to '{marker.Topic}' has no route.");
            var topic = marker.IsDeadLetterSink ? options.DeadLetterTopic : marker.Topic;
            if (entries.Any(e => e.Topic == topic))
            {
                throw new InvalidOperationException($"Topic '{topic}' is subscribed by more than one endpoint.");
            }

            hasTopics |= !marker.IsDeadLetterSink;
            entries.Add(new SubscribeEntry(options.PubSubName, topic, route, marker.IsDeadLetterSink ? null : options.DeadLetterTopic));
        }

        // An app that subscribes to nothing has no dead letters to read either.
        return hasTopics
            ? entries.OrderBy(e => e.PubSubName, StringComparer.Ordinal).ThenBy(e => e.Topic, StringComparer.Ordinal).ToList()
            : [];
    }

    public static IApplicationBuilder UseCloudEvents(this IApplicationBuilder app) => app.UseMiddleware<CloudEventsMiddleware>();

    /// <summary>The envelope of the CloudEvent being handled, or null for a plain request.</summary>
    public static CloudEvent? GetCloudEvent(this HttpContext context) => context.Features.Get<CloudEvent>();

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

    private sealed record TopicMarker(string Topic, bool IsDeadLetterSink);
}

/// <summary>One entry of the <c>/dapr/subscribe</c> document, shaped as Dapr.AspNetCore emits it.</summary>
public sealed record SubscribeEntry(
    [property: JsonPropertyName("pubsubName")] string PubSubName, string Topic, string Route, string? DeadLetterTopic);
