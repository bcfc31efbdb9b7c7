using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts.Events;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.Web.Owner.Live;

/// <summary>The web app's subscription to <c>transaction-status-changed</c>: only its own sidecar's deliveries reach it.</summary>
public static class LiveDashboardEndpoints
{
    public const string Route = "/events/transaction-status-changed";

    public static IEndpointRouteBuilder MapLiveDashboard(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, Handle)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.TransactionStatusChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Always acknowledged: a page that missed a push reloads on the next one or on the owner's next look, so a
    /// redelivery would only repeat the reloads; an unreadable event is dropped to the dead-letter topic.
    /// </summary>
    public static async Task<Ok<TopicAck>> Handle(HttpRequest request, TransactionStatusNotifier notifier, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("TokenPln.Web.LiveDashboard");
        if (await TopicPayload.ReadAsync<TransactionStatusChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        logger.LogDebug("Status of {Invoice} changed to {Status}; telling {Listeners} open pages", changed.Invoice, changed.Status, notifier.ListenerCount);
        await notifier.PublishAsync(changed);
        return TopicAck.Success();
    }
}
