using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TokenPln.BuildingBlocks.Dapr;

namespace TokenPln.Iak;

public static class IakSetup
{
    /// <summary>
    /// Registers <see cref="IIakClient"/>. Credentials are required at start-up, so a service with a missing IAK key
    /// stops with the reason instead of failing at the first sale.
    /// </summary>
    public static IServiceCollection AddIakClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IakOptions>().Bind(configuration.GetSection("Iak")).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection("Iak").Get<IakOptions>() ?? new IakOptions();
        // Innermost, after the sidecar rewrite: it sees each attempt, which tells "never sent" from "unknown".
        services.AddDaprHttpClient(configuration, options.PrepaidEndpoint, IakClient.PrepaidClient).AddHttpMessageHandler(() => new IakDeliveryHandler());
        services.AddDaprHttpClient(configuration, options.PostpaidEndpoint, IakClient.PostpaidClient).AddHttpMessageHandler(() => new IakDeliveryHandler());
        services.AddTransient<IIakClient, IakClient>();
        return services;
    }
}
