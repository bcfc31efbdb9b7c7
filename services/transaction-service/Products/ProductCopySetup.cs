using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenPln.Contracts;
using TokenPln.Contracts.Events;
using TokenPln.LocalCopies.Products;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.TransactionService.Products;

public static class ProductCopySetup
{
    /// <summary>Its own client name: the office-hours client already owns the "master-service" client and its handlers.</summary>
    public const string ClientName = "master-service-products";

    public static IServiceCollection AddProductCopy<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext, IProductCopyDbContext
    {
        services.AddSingleton<ProductCatalogCopy>();
        services.AddDaprServiceClient<IMasterProductsClient>(configuration, AppIds.MasterService, ClientName);
        services.AddSingleton<ProductCopySync>();
        services.AddHostedService(sp => sp.GetRequiredService<ProductCopySync>());
        services.AddPeriodicReload<TContext>("product copy", "ProductCopy:RefreshInterval",
            sp => sp.GetRequiredService<ProductCopySync>().ReloadAsync);
        services.AddScoped<ProductCheck>();
        services.AddSingleton<BillPricing>();
        services.AddHealthChecks().AddCheck<ProductCopyHealthCheck>("product-replica");
        return services;
    }
}

public static class PriceChangeSubscription
{
    public const string EventRoute = "/events/prices-changed";

    /// <summary>The owner changed a price in master-service: the copy is synced at once rather than at its next resync.</summary>
    public static IEndpointRouteBuilder MapPriceChangeSubscription(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(EventRoute, HandlePricesChanged)
            .WithTopic(endpoints.ServiceProvider.GetRequiredService<DaprOptions>().Subscription(Topics.PricesChanged))
            .RequireSidecar(deliveriesOnly: true)
            .ExcludeFromDescription();
        return endpoints;
    }

    public static async Task<Ok<TopicAck>> HandlePricesChanged(HttpRequest request, ProductCopySync sync, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("TokenPln.ProductCopy");
        if (await TopicPayload.ReadAsync<PricesChangedIntegrationEvent>(request, logger) is not { } changed)
        {
            return TopicAck.Drop();
        }

        // The event only says "read again": the priced list itself comes from master-service, so order and repeats do not matter.
        var synced = await sync.SyncOnceAsync(cancellationToken);
        logger.LogInformation("prices-changed {EventId} ({Subject}): copy {Outcome}", changed.Id, changed.Subject, synced ? "synced" : "kept, sync failed");
        return synced ? TopicAck.Success() : TopicAck.Retry();
    }
}

/// <summary>Degraded while no product is known: every prepaid sale is refused until the copy is filled.</summary>
public sealed class ProductCopyHealthCheck(ProductCatalogCopy copy) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var count = copy.Products?.Count ?? 0;
        var data = new Dictionary<string, object> { ["products"] = count };
        if (copy.LastSyncAt is { } at) data["lastSyncAt"] = at;
        if (copy.LastSyncError is { } error) data["lastSyncError"] = error;
        return Task.FromResult(count > 0
            ? HealthCheckResult.Healthy($"{count} products replicated.", data)
            : HealthCheckResult.Degraded("No products replicated from master-service yet.", data: data));
    }
}
