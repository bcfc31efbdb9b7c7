using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TokenPln.BuildingBlocks.Hosting;

namespace TokenPln.BuildingBlocks.UnitTests;

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
        await builder.AddServiceDefaultsAsync("test-service");
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseServiceDefaults();
        map(app);
        await app.StartAsync();
        return app;
    }

    /// <summary>A client that calls as the app's sidecar does, with the app API token.</summary>
    public static HttpClient GetSidecarClient(this WebApplication app)
    {
        var client = app.GetTestClient();
        client.DefaultRequestHeaders.Add("dapr-api-token", AppApiToken);
        return client;
    }
}
