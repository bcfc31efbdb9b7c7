using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts.Events;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.Web.Live;

/// <summary>The web app's subscription to <c>transaction-status-changed</c>: only its own sidecar's deliveries reach it.</summary>
public static class TransactionStatusEndpoints
{
    public const string Route = "/events/transaction-status-changed";

    /// <summary>One notifier for every page of this replica that listens: owners' dashboards and cashiers' pending sales.</summary>
    public static IServiceCollection AddTransactionStatusEvents(this IServiceCollection services) =>
        services.AddSingleton<TransactionStatusNotifier>();

    public static IEndpointRouteBuilder MapTransactionStatusEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, Handle)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.TransactionStatusChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Always acknowledged: a page that missed a push reloads on the next one, on the owner's next look or on a pending sale's periodic re-read, so a
    /// redelivery would only repeat the reloads; an unreadable event is dropped to the dead-letter topic.
    /// </summary>
    public static async Task<Ok<TopicAck>> Handle(HttpRequest request, TransactionStatusNotifier notifier, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("TokenPln.Web.Live");
        if (await TopicPayload.ReadAsync<TransactionStatusChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        logger.LogDebug("Status of {Invoice} changed to {Status}; telling {Listeners} open pages", changed.Invoice, changed.Status, notifier.ListenerCount);
        await notifier.PublishAsync(changed);
        return TopicAck.Success();
    }
}
