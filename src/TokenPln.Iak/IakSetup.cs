using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Refit;
using TokenPln.ServiceClients;

namespace TokenPln.Iak;

public static class IakSetup
{
    // IAK's bodies are IAK's shape (snake_case, written out in IakClient), not the services' wire format.
    private static readonly RefitSettings Settings = new(new SystemTextJsonContentSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>
    /// Registers <see cref="IIakClient"/>. Credentials are required at start-up, so a service with a missing IAK key
    /// stops with the reason instead of failing at the first sale.
    /// </summary>
    public static IServiceCollection AddIakClient(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IakOptions>().Bind(configuration.GetSection("Iak")).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection("Iak").Get<IakOptions>() ?? new IakOptions();
        // Innermost, after the sidecar rewrite: it sees each attempt, which tells "never sent" from "unknown".
        services.AddDaprServiceClient<IIakPrepaidApi>(configuration, options.PrepaidEndpoint, IakClient.PrepaidClient, Settings)
            .AddHttpMessageHandler(() => new IakDeliveryHandler());
        services.AddDaprServiceClient<IIakPostpaidApi>(configuration, options.PostpaidEndpoint, IakClient.PostpaidClient, Settings)
            .AddHttpMessageHandler(() => new IakDeliveryHandler());
        services.AddMetrics();
        services.TryAddSingleton<IakMetrics>();
        services.AddTransient<IIakClient, IakClient>();
        return services;
    }
}
