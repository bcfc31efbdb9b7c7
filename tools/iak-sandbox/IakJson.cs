using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenPln.IakSandbox;

/// <summary>Reading IAK requests leniently and writing IAK's envelopes with its exact names and value types.</summary>
internal static class IakJson
{
    public static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = null };

    public static async Task<JsonObject?> ReadAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A request field as text, whether it was sent as a string or a number.</summary>
    public static string? Text(this JsonObject body, string name) => body[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    public static IResult Data(object data, int status = StatusCodes.Status200OK) =>
        Results.Json(new { data }, Options, statusCode: status);

    public static IResult PostpaidData(object data, int status = StatusCodes.Status200OK) =>
        Results.Json(new { data, meta = Array.Empty<object>() }, Options, statusCode: status);
}
