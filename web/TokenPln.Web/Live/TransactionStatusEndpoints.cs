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

    /// <summary>
    /// The pub/sub component of this subscription: the same topics as the app's own, read by a consumer group per instance
    /// (components/pubsub-per-instance.yaml), because each web-app instance holds its own circuits and must see every change;
    /// a group per app id would tell one instance only. <c>Live:PubSubName</c> overrides it.
    /// </summary>
    public const string DefaultPubSubName = "pubsub-per-instance";

    /// <summary>One notifier for every page of this replica that listens: owners' dashboards and cashiers' pending sales.</summary>
    public static IServiceCollection AddTransactionStatusEvents(this IServiceCollection services) =>
        services.AddSingleton<TransactionStatusNotifier>();

    public static IEndpointRouteBuilder MapTransactionStatusEvents(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(Route, Handle)
            .WithTopic(Subscription(endpoints.ServiceProvider))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>This app's subscription to the topic, on the per-instance component; dead letters still go to the app's own topic.</summary>
    public static global::Dapr.TopicOptions Subscription(IServiceProvider services)
    {
        var subscription = services.GetRequiredService<DaprOptions>().Subscription(Topics.TransactionStatusChanged);
        subscription.PubsubName = services.GetRequiredService<IConfiguration>()["Live:PubSubName"] is { Length: > 0 } name ? name : DefaultPubSubName;
        return subscription;
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
