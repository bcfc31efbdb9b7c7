using Microsoft.Extensions.Diagnostics.HealthChecks;
using TokenPln.Contracts;
using TokenPln.LocalCopies.Products;
using TokenPln.ServiceClients;

namespace TokenPln.TransactionService.Products;

public static class ProductCopySetup
{
    /// <summary>Its own client name: the office-hours client already owns the "master-service" client and its handlers.</summary>
    public const string ClientName = "master-service-products";

    public static IServiceCollection AddProductCopy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProductCatalogCopy>();
        services.AddDaprServiceClient<IMasterProductsClient>(configuration, AppIds.MasterService, ClientName);
        services.AddSingleton<ProductCopySync>();
        services.AddHostedService(sp => sp.GetRequiredService<ProductCopySync>());
        services.AddScoped<ProductCheck>();
        services.AddHealthChecks().AddCheck<ProductCopyHealthCheck>("product-replica");
        return services;
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
