using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>A request header an endpoint needs, declared once on the endpoint so that its OpenAPI operation lists it.</summary>
public sealed record RequiredHeaderMetadata(string Name, string Description, int MaxLength);

/// <summary>Swagger document and UI at <c>/swagger</c>; title and description from the <c>OpenApi</c> section.</summary>
public static class OpenApiSetup
{
    public const string BearerScheme = "Bearer";

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
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "The token from user-service's POST /api/auth/login, without the word Bearer.",
            });
            options.OperationFilter<EndpointMetadataOperationFilter>();
        });
        return services;
    }

    /// <summary>Declares a header the endpoint requires, for its OpenAPI operation (the endpoint still checks it itself).</summary>
    public static TBuilder RequiresHeader<TBuilder>(this TBuilder builder, string name, string description, int maxLength)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredHeaderMetadata(name, description, maxLength));

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

    /// <summary>
    /// What the endpoints' own metadata says and Swashbuckle does not read: which operations need the bearer token,
    /// which headers they require, and the declared body type of endpoints that bind raw JSON.
    /// </summary>
    private sealed class EndpointMetadataOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] });
            }

            foreach (var header in metadata.OfType<RequiredHeaderMetadata>())
            {
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = header.Name,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = header.Description,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = header.MaxLength },
                });
            }

            // An endpoint that binds JsonElement (to tell a missing field from a null one) documents its shape with Accepts<T>.
            if (metadata.OfType<IAcceptsMetadata>().LastOrDefault(a => a.RequestType is not null) is { RequestType: { } type } accepts
                && context.ApiDescription.ParameterDescriptions.Any(p => p.Type == typeof(System.Text.Json.JsonElement)))
            {
                var schema = context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository);
                var content = accepts.ContentTypes.Count > 0 ? accepts.ContentTypes : ["application/json"];
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = !accepts.IsOptional,
                    Content = content.ToDictionary(contentType => contentType, _ => new OpenApiMediaType { Schema = schema }),
                };
            }
        }
    }
}
