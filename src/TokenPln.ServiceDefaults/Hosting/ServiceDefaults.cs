using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenPln.Contracts.Json;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Http;
using TokenPln.ServiceDefaults.Subscriptions;
using TokenPln.ServiceDefaults.Telemetry;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// The parts of the defaults that suit an API but not every app: a browser-facing UI (the web app) serves pages, so it has
/// no Swagger and sets its own security headers instead of an API's <c>default-src 'none'</c>.
/// </summary>
public sealed class ServiceDefaultsOptions
{
    /// <summary>Swagger at <c>/swagger</c>, and <c>/</c> redirected there.</summary>
    public bool ApiDocumentation { get; set; } = true;

    /// <summary>The API edge of <see cref="WebEdge"/>: CORS, rate limits and headers that forbid rendering any answer.</summary>
    public bool ApiEdge { get; set; } = true;
}

/// <summary>What every TokenPln service needs, so that each <c>Program.cs</c> only adds its own features.</summary>
public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName,
        Action<ServiceDefaultsOptions>? configure = null)
    {
        var options = new ServiceDefaultsOptions();
        configure?.Invoke(options);
        builder.Services.AddSingleton(options);
        builder.Configuration.AddDaprSecretStores(builder.Configuration.GetValue("Dapr:SidecarWaitTimeout", TimeSpan.FromSeconds(60)));

        builder.Logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.AddTelemetry(serviceName);
        ListenOnDaprAppPort(builder);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));

        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            ApiJson.Configure(o.SerializerOptions);
            // Requests with fields an endpoint does not know are refused rather than half-read. Events are read
            // with ApiJson.Options instead, which tolerates fields added by newer publishers.
            o.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
        });
        // Binding failures reach BadRequestExceptionHandler in every environment, so each gets its precise code (a
        // duplicated property, a wrong type) rather than a bare 400.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddApiProblemDetails();
        if (options.ApiEdge) builder.Services.AddWebEdge(builder.Configuration);
        builder.Services.AddDaprSidecar(builder.Configuration, serviceName);
        AppApiTokenRule.EnsureConfigured(DaprOptions.FromConfiguration(builder.Configuration, serviceName), builder.Environment.IsDevelopment());
        if (options.ApiDocumentation) builder.Services.AddApiDocumentation(builder.Configuration, serviceName);
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [HealthEndpoints.LiveTag])
            .AddCheck<DaprSidecarHealthCheck>("dapr-sidecar");
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // After Build, so that every configuration source (secret stores included) has been read.
        DevelopmentSecrets.RefuseOutsideDevelopment(app.Configuration, app.Environment);
        ShutdownSignals.Attach(app.Lifetime, app.Logger, app.Services.GetRequiredService<DaprOptions>().AppId);
        var options = app.Services.GetService<ServiceDefaultsOptions>() ?? new ServiceDefaultsOptions();
        if (options.ApiEdge) app.UseWebEdge();
        app.UseApiProblemDetails();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<AppApiTokenMiddleware>();
        app.UseMiddleware<CloudEventEnvelopeGuard>();
        app.UseCloudEvents(SubscriptionEndpoints.CloudEventsOptions);
        if (options.ApiDocumentation) app.UseApiDocumentation();
        app.MapHealthEndpoints();
        app.MapSubscribeHandler().RequireSidecar(deliveriesOnly: true).ExcludeFromDescription();
        app.MapDeadLetterSink();
        return app;
    }

    /// <summary>
    /// Dapr tells the app its port through <c>APP_PORT</c>; listen there (loopback) unless URLs were configured
    /// explicitly, for example <c>ASPNETCORE_URLS</c> in a container.
    /// </summary>
    private static void ListenOnDaprAppPort(WebApplicationBuilder builder)
    {
        var explicitUrls = builder.Configuration["urls"] ?? builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(explicitUrls) && int.TryParse(builder.Configuration["APP_PORT"], out var port))
        {
            builder.WebHost.UseUrls($"http://localhost:{port}");
        }
    }
}
