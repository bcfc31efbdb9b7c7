using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Subscriptions;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>A service with the real defaults on a test server, plus whatever endpoints a test maps.</summary>
internal static class TestApp
{
    /// <summary>What the app's sidecar presents to it, unless a test sets its own.</summary>
    public const string AppApiToken = "unit-test-app-api-token";

    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, Dictionary<string, string?>? settings = null,
        string environment = "Production")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["APP_ID"] = "test-service", ["APP_API_TOKEN"] = AppApiToken });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults("test-service");
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseServiceDefaults();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>Subscribes the endpoint to <paramref name="topic"/> as the services' subscriptions do.</summary>
    public static RouteHandlerBuilder Subscribes(this RouteHandlerBuilder endpoint, WebApplication app, string topic) =>
        endpoint.WithTopic(app.Services.GetRequiredService<DaprOptions>().Subscription(topic)).RequireSidecar(deliveriesOnly: true);

    /// <summary>A client that calls as the app's sidecar does, with the app API token.</summary>
    public static HttpClient GetSidecarClient(this WebApplication app)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("dapr-api-token", AppApiToken);
        return client;
    }
}
