using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Shouldly;

namespace TokenPln.Testing;

/// <summary>A service's served OpenAPI document, read as a Swagger UI user depends on it: to make a protected call in one go.</summary>
public sealed class SwaggerDocument(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public static async Task<SwaggerDocument> FetchAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/swagger/v1/swagger.json");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return new SwaggerDocument(await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    /// <summary>Every operation, by its operationId (the endpoint's name).</summary>
    public IEnumerable<(string Path, string Method, JsonElement Operation)> Operations =>
        Root.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(method => method.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(method => (path.Name, method.Name, method.Value)));

    public JsonElement Operation(string operationId) =>
        Operations.Single(o => o.Operation.TryGetProperty("operationId", out var id) && id.GetString() == operationId).Operation;

    public void ShouldDeclareTheBearerScheme()
    {
        var scheme = Root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString())
            .ShouldBe(("http", "bearer", "JWT"));
    }

    public static bool RequiresBearer(JsonElement operation) =>
        operation.TryGetProperty("security", out var security)
        && security.EnumerateArray().Any(requirement => requirement.TryGetProperty("Bearer", out _));

    public static JsonElement Header(JsonElement operation, string name) =>
        operation.GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("in").GetString() == "header" && p.GetProperty("name").GetString() == name);

    /// <summary>The schema of an operation's JSON body, with a <c>$ref</c> followed into components.</summary>
    public JsonElement BodySchema(JsonElement operation)
    {
        var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
        return schema.TryGetProperty("$ref", out var reference)
            ? Root.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;
    }

    /// <summary>"METHOD path" of every request body that leaves a caller guessing: no content, or a media type without a real schema.</summary>
    public IReadOnlyList<string> BodiesWithoutSchema() =>
        Operations.Where(o => o.Operation.TryGetProperty("requestBody", out var body) && !Described(body))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}")
            .ToList();

    private static bool Described(JsonElement body) =>
        body.TryGetProperty("content", out var content)
        && content.EnumerateObject().Any()
        && content.EnumerateObject().All(media => media.Value.TryGetProperty("schema", out var schema)
            && (schema.TryGetProperty("$ref", out _) || schema.TryGetProperty("type", out _) || schema.TryGetProperty("properties", out _)));
}
