using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Resilience;

namespace TokenPln.BuildingBlocks.Dapr;

public static class DaprServiceCollectionExtensions
{
    /// <summary>Registers the sidecar settings, the invocation handler, the SDK's <c>DaprClient</c> and the event publisher.</summary>
    public static IServiceCollection AddDaprBuildingBlocks(this IServiceCollection services, IConfiguration configuration, string appId)
    {
        services.TryAddSingleton(DaprOptions.FromConfiguration(configuration, appId));
        services.TryAddTransient<DaprInvocationHandler>();
        services.TryAddSingleton<HttpResiliencePipelines>();
        // The SDK's client, for publishing and sidecar health (and secrets, before the host is built: DaprSecretStoreConfiguration).
        services.AddDaprClient((sp, dapr) => dapr.UseSidecar(sp.GetRequiredService<DaprOptions>()));
        services.TryAddSingleton<IEventPublisher, DaprEventPublisher>();
        return services;
    }

    /// <summary>
    /// Registers a typed client that calls <paramref name="appId"/> (an app id or an HTTPEndpoint name)
    /// through the sidecar, with the Polly pipeline configured under <c>Resilience:&lt;clientName&gt;</c>.
    /// </summary>
    public static IHttpClientBuilder AddDaprServiceClient<TClient, TImplementation>(
        this IServiceCollection services, IConfiguration configuration, string appId, string? clientName = null)
        where TClient : class
        where TImplementation : class, TClient =>
        services.AddDaprHttpClient(configuration, appId, clientName ?? appId).AddTypedClient<TClient, TImplementation>();

    /// <summary>A named client for <paramref name="appId"/> through the sidecar, for callers that use several apps.</summary>
    public static IHttpClientBuilder AddDaprHttpClient(this IServiceCollection services, IConfiguration configuration, string appId, string clientName)
    {
        services.AddOptions<ClientResilienceOptions>(clientName).Bind(configuration.GetSection($"Resilience:{clientName}"));
        return services
            .AddHttpClient(clientName, client =>
            {
                client.BaseAddress = new Uri($"http://{appId}/");
                // Polly owns the timeouts; HttpClient's own timeout would cut across its retries.
                client.Timeout = Timeout.InfiniteTimeSpan;
            })
            .AddHttpMessageHandler(sp => new ResilienceHandler(sp.GetRequiredService<HttpResiliencePipelines>(), clientName))
            .AddHttpMessageHandler<DaprInvocationHandler>();
    }
}
