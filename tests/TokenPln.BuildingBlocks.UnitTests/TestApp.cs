using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TokenPln.BuildingBlocks.Hosting;

namespace TokenPln.BuildingBlocks.UnitTests;

/// <summary>A service with the real defaults on a test server, plus whatever endpoints a test maps.</summary>
internal static class TestApp
{
    public static async Task<WebApplication> StartAsync(Action<WebApplication> map, Dictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["APP_ID"] = "test-service" });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        await builder.AddServiceDefaultsAsync("test-service");
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.UseServiceDefaults();
        map(app);
        await app.StartAsync();
        return app;
    }
}
