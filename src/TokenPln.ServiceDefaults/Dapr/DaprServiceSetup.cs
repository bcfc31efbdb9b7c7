using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Events;

namespace TokenPln.ServiceDefaults.Dapr;

public static class DaprServiceSetup
{
    /// <summary>Registers the sidecar settings, the SDK's <c>DaprClient</c> and the event publisher.</summary>
    public static IServiceCollection AddDaprSidecar(this IServiceCollection services, IConfiguration configuration, string appId)
    {
        services.TryAddSingleton(DaprOptions.FromConfiguration(configuration, appId));
        // The SDK's client, for publishing and sidecar health (and secrets, before the host is built: DaprSecretStoreConfiguration).
        services.AddDaprClient((sp, dapr) => dapr.UseSidecar(sp.GetRequiredService<DaprOptions>()));
        services.TryAddSingleton<IEventPublisher, DaprEventPublisher>();
        return services;
    }
}
