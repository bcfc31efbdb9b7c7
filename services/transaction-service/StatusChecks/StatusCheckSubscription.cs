using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Contracts.Events;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Subscriptions;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.StatusChecks;

public static class StatusCheckSubscription
{
    public static IEndpointRouteBuilder MapStatusCheckSubscription(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/events/transaction-status-check-requested", Handle)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.TransactionStatusCheckRequested))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// Always acknowledged once handled: when IAK has no answer the sale stays pending and the poller asks again
    /// later with backoff, which is gentler on IAK than the broker's immediate redelivery.
    /// </summary>
    public static async Task<Ok<TopicAck>> Handle(HttpRequest request, StatusChecker checker, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("TokenPln.StatusChecks");
        if (await TopicPayload.ReadAsync<TransactionStatusCheckRequestedIntegrationEvent>(request, logger) is not { Invoice: { Length: > 0 } invoice })
        {
            return TopicAck.Drop();
        }

        await checker.CheckAsync(invoice, ChangeSources.Poll, cancellationToken);
        return TopicAck.Success();
    }
}
