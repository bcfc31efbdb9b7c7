using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>
/// What a browser-facing API needs at its edge: CORS for the configured UI origins only, security headers on every
/// response, and the setting of the per-user limit for the routes that cost money or provider calls.
/// </summary>
public static class WebEdge
{
    private static readonly string[] CorsHeaders = ["Authorization", "Content-Type", "Idempotency-Key"];
    private static readonly string[] CorsMethods = ["GET", "POST", "PUT", "PATCH"];

    public static IServiceCollection AddWebEdge(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
        services.AddCors(options => options.AddDefaultPolicy(policy => policy
            .WithOrigins(origins)
            .WithHeaders(CorsHeaders)
            .WithMethods(CorsMethods)
            .WithExposedHeaders("Retry-After", "Location", "Idempotent-Replayed", "X-Cache-Status", "Warning", "Last-Modified")
            .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));

        var perMinute = configuration.GetValue("RateLimits:PurchasesPerMinute", 30);
        if (perMinute < 1)
        {
            throw new InvalidOperationException($"RateLimits:PurchasesPerMinute must be at least 1 (it is {perMinute}).");
        }

        // Counted in each service's database by RequirePurchaseLimit, so the limit holds across instances (PurchaseLimit.cs).
        services.AddSingleton(new PurchaseLimitSettings(perMinute));
        return services;
    }

    /// <summary>Before authentication, so that preflight requests and rejections carry the headers too.</summary>
    public static WebApplication UseWebEdge(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            // Set as the response starts, so that answers rewritten by the exception handler carry them too.
            context.Response.OnStarting(static state =>
            {
                var http = (HttpContext)state;
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                // The Swagger UI is a page with its own scripts; everything else is data that must never be rendered or framed.
                if (!http.Request.Path.StartsWithSegments("/swagger"))
                {
                    headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
                }

                // Tokens, receipts and takings must not linger in shared caches; the few cacheable answers say so themselves.
                if (!headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        app.UseCors();
        return app;
    }

}
