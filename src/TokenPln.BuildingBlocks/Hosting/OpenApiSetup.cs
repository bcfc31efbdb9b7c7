using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace TokenPln.BuildingBlocks.Hosting;

/// <summary>Swagger document and UI at <c>/swagger</c>; title and description from the <c>OpenApi</c> section.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddApiDocumentation(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = configuration["OpenApi:Title"] ?? $"TokenPln {serviceName}",
                Description = configuration["OpenApi:Description"],
                Version = "v1",
            });
            options.SupportNonNullableReferenceTypes();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger();
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint("/swagger/v1/swagger.json", app.Environment.ApplicationName);
            options.RoutePrefix = "swagger";
        });
        app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
        return app;
    }
}
