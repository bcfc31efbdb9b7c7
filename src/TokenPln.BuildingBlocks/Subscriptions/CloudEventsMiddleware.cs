using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TokenPln.BuildingBlocks.Http;
using TokenPln.BuildingBlocks.Json;

namespace TokenPln.BuildingBlocks.Subscriptions;

/// <summary>
/// Unwraps <c>application/cloudevents+json</c> deliveries so that endpoints bind the event's <c>data</c>,
/// as Dapr.AspNetCore's <c>UseCloudEvents()</c> does. The envelope stays available as <see cref="CloudEvent"/>
/// in <c>HttpContext.Features</c> for deduplication by id.
/// </summary>
public sealed class CloudEventsMiddleware(RequestDelegate next)
{
    public const string ContentType = "application/cloudevents+json";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsCloudEvent(context.Request.ContentType))
        {
            await next(context);
            return;
        }

        JsonDocument envelope;
        try
        {
            envelope = await JsonDocument.ParseAsync(context.Request.Body, ApiJson.DocumentOptions, context.RequestAborted);
        }
        catch (JsonException ex) when (ApiJson.IsDuplicateProperty(ex))
        {
            await ApiProblems.Write(context, StatusCodes.Status400BadRequest, ErrorCodes.DuplicateProperty, "CloudEvent memuat properti yang sama lebih dari sekali.");
            return;
        }
        catch (JsonException)
        {
            await ApiProblems.Write(context, StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest, "CloudEvent bukan JSON yang valid.");
            return;
        }

        using (envelope)
        {
            if (envelope.RootElement.ValueKind != JsonValueKind.Object)
            {
                await ApiProblems.Write(context, StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest, "CloudEvent harus berupa objek JSON.");
                return;
            }

            var unwrapped = Unwrap(envelope.RootElement);
            if (unwrapped is null)
            {
                await ApiProblems.Write(context, StatusCodes.Status400BadRequest, ErrorCodes.MalformedRequest,
                    "CloudEvent tidak boleh memuat data dan data_base64 sekaligus.");
                return;
            }

            context.Features.Set(ReadEnvelope(envelope.RootElement));
            var originalBody = context.Request.Body;
            var originalType = context.Request.ContentType;
            context.Request.Body = new MemoryStream(unwrapped.Value.Body, writable: false);
            context.Request.ContentLength = unwrapped.Value.Body.Length;
            context.Request.ContentType = unwrapped.Value.ContentType;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Body = originalBody;
                context.Request.ContentType = originalType;
            }
        }
    }

    public static bool IsCloudEvent(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The body and content type an endpoint should see; null when the envelope is contradictory.</summary>
    public static (byte[] Body, string? ContentType)? Unwrap(JsonElement envelope)
    {
        var data = FindProperty(envelope, "data");
        var dataBase64 = FindProperty(envelope, "data_base64");
        var declaredType = FindProperty(envelope, "datacontenttype") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;

        if (data is not null && dataBase64 is not null)
        {
            return null;
        }

        if (dataBase64 is { } base64)
        {
            return (Convert.FromBase64String(base64.GetString() ?? ""), declaredType);
        }

        if (data is not { } value)
        {
            return (Array.Empty<byte>(), null);
        }

        var contentType = MediaTypeWithoutCharset(declaredType) ?? "application/json";
        var isJsonType = contentType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.EndsWith("+json", StringComparison.OrdinalIgnoreCase);
        if (isJsonType || value.ValueKind != JsonValueKind.String)
        {
            return (Encoding.UTF8.GetBytes(value.GetRawText()), contentType);
        }

        return (Encoding.UTF8.GetBytes(value.GetString() ?? ""), contentType);
    }

    private static CloudEvent ReadEnvelope(JsonElement envelope) => new(
        Text(envelope, "id"), Text(envelope, "source"), Text(envelope, "type"), Text(envelope, "topic"), Text(envelope, "pubsubname"));

    private static string? Text(JsonElement envelope, string name) =>
        FindProperty(envelope, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static JsonElement? FindProperty(JsonElement envelope, string name)
    {
        foreach (var property in envelope.EnumerateObject())
        {
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static string? MediaTypeWithoutCharset(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
}
