using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Refit;
using TokenPln.Contracts.Json;
using TokenPln.ServiceClients.Resilience;

namespace TokenPln.ServiceClients;

/// <summary>Typed clients of other apps (and of IAK's HTTPEndpoints): Refit over Dapr service invocation, behind the resilience handler.</summary>
public static class ServiceClientSetup
{
    /// <summary>The Refit settings of every client between services: the one wire format of <see cref="ApiJson"/>.</summary>
    public static RefitSettings ServiceRefitSettings { get; } = new(new SystemTextJsonContentSerializer(ApiJson.Options));

    /// <summary>
    /// Registers the Refit client <typeparamref name="TClient"/> for <paramref name="appId"/> (an app id or an HTTPEndpoint
    /// name) over Dapr service invocation, with the resilience configured under <c>Resilience:&lt;clientName&gt;</c>.
    /// </summary>
    public static IHttpClientBuilder AddDaprServiceClient<TClient>(
        this IServiceCollection services, IConfiguration configuration, string appId, string? clientName = null, RefitSettings? settings = null)
        where TClient : class
    {
        clientName ??= appId;
        return services.AddRefitGeneratedClient<TClient>(settings ?? ServiceRefitSettings, clientName).AddDaprInvocation(configuration, appId, clientName);
    }

    /// <summary>
    /// Points a client at <c>http://&lt;appId&gt;/</c> and sends it through this app's sidecar with Dapr.Client's
    /// <see cref="InvocationHandler"/> (which also adds <c>DAPR_API_TOKEN</c>), behind the client's resilience handler.
    /// Handlers added after this one run inside each attempt.
    /// </summary>
    public static IHttpClientBuilder AddDaprInvocation(this IHttpClientBuilder builder, IConfiguration configuration, string appId, string clientName)
    {
        builder.ConfigureHttpClient(client =>
        {
            client.BaseAddress = new Uri($"http://{appId}/");
            // The resilience handler owns the timeouts; HttpClient's own timeout would cut across its retries.
            client.Timeout = Timeout.InfiniteTimeSpan;
        });
        builder.AddClientResilience(configuration, clientName);
        return builder.AddHttpMessageHandler(sp => new InvocationHandler
        {
            DaprEndpoint = (sp.GetService<DaprOptions>() ?? DaprOptions.FromConfiguration(configuration)).SidecarBaseAddress.OriginalString,
        });
    }
}
