using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenPln.BuildingBlocks.Dapr;
using TokenPln.BuildingBlocks.Products;

namespace TokenPln.TransactionService.Products;

public static class ProductReplicaSetup
{
    /// <summary>Its own client name: the office-hours client already owns the "master-service" client and its handlers.</summary>
    public const string ClientName = "master-service-products";

    public static IServiceCollection AddProductReplica(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProductCatalogCopy>();
        services.AddDaprServiceClient<IMasterProductsClient>(configuration, AppIds.MasterService, ClientName);
        services.AddSingleton<ProductReplicaSync>();
        services.AddHostedService(sp => sp.GetRequiredService<ProductReplicaSync>());
        services.AddScoped<ProductCheck>();
        services.AddHealthChecks().AddCheck<ProductReplicaHealthCheck>("product-replica");
        return services;
    }
}

/// <summary>Degraded while no product is known: every prepaid sale is refused until the copy is filled.</summary>
public sealed class ProductReplicaHealthCheck(ProductCatalogCopy copy) : IHealthCheck
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
