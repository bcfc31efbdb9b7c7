using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using TokenPln.Contracts;
using TokenPln.Contracts.Json;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.ServiceDefaults.Subscriptions;

/// <summary>
/// Runs before Dapr.AspNetCore's <c>UseCloudEvents</c> and does only what it does not: an envelope that is not a JSON
/// object, names a property twice, carries both <c>data</c> and <c>data_base64</c>, has a <c>data_base64</c> that is not
/// base64 gets a 400 problem with a code, where the SDK would throw (a 500) or answer a bare 400. It also removes <c>Cloudevent.*</c> headers the caller sent itself, since the SDK adds the envelope's
/// attributes with TryAdd and a forged <c>Cloudevent.id</c> would otherwise win over the real one.
/// </summary>
public sealed class CloudEventEnvelopeGuard(RequestDelegate next)
{
    public const string ContentType = "application/cloudevents+json";

    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var name in context.Request.Headers.Keys.Where(k => k.StartsWith(CloudEvent.HeaderPrefix, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            context.Request.Headers.Remove(name);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals(ContentType, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        context.Request.EnableBuffering();
        if (await FindProblemAsync(context) is { } problem)
        {
            await ApiProblems.Write(context, StatusCodes.Status400BadRequest, problem.Code, problem.Message);
            return;
        }

        context.Request.Body.Position = 0;
        // The envelope was read as UTF-8 above, as Dapr sends it; the SDK matches the media type case-sensitively and
        // would hand any other spelling (or a charset it cannot resolve) through unwrapped, or fail on it.
        context.Request.ContentType = ContentType;
        await next(context);
    }

    private static async Task<(string Code, string Message)?> FindProblemAsync(HttpContext context)
    {
        JsonDocument envelope;
        try
        {
            envelope = await JsonDocument.ParseAsync(context.Request.Body, ApiJson.DocumentOptions, context.RequestAborted);
        }
        catch (JsonException ex) when (ApiJson.IsDuplicateProperty(ex))
        {
            return (ErrorCodes.DuplicateProperty, "CloudEvent memuat properti yang sama lebih dari sekali.");
        }
        catch (JsonException)
        {
            return (ErrorCodes.MalformedRequest, "CloudEvent bukan JSON yang valid.");
        }

        using (envelope)
        {
            var root = envelope.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (ErrorCodes.MalformedRequest, "CloudEvent harus berupa objek JSON.");
            }

            var data = Find(root, "data");
            var dataBase64 = Find(root, "data_base64");
            if (data is not null && dataBase64 is not null)
            {
                return (ErrorCodes.MalformedRequest, "CloudEvent tidak boleh memuat data dan data_base64 sekaligus.");
            }

            if (dataBase64 is { } base64 && (base64.ValueKind != JsonValueKind.String || !base64.TryGetBytesFromBase64(out _)))
            {
                return (ErrorCodes.MalformedRequest, "data_base64 CloudEvent bukan base64 yang valid.");
            }

            return null;
        }
    }

    private static JsonElement? Find(JsonElement envelope, string name)
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
}
