using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using TokenPln.Contracts.Json;

namespace TokenPln.ServiceDefaults.Subscriptions;

/// <summary>
/// Reads an event body without model binding: a body that can never be read must be answered with DROP
/// (off to the dead-letter topic), not with the 400 that binding gives, which the sidecar would retry forever.
/// </summary>
public static class TopicPayload
{
    /// <summary>
    /// Tolerant of fields added by newer publishers, strict about the contract's own: an event missing a field
    /// or carrying null where the contract has none is unreadable, rather than half-applied.
    /// </summary>
    private static readonly JsonSerializerOptions EventOptions = new(ApiJson.Options)
    {
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static async Task<T?> ReadAsync<T>(HttpRequest request, ILogger logger) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, EventOptions, request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            logger.LogError("Unreadable {EventType} event {EventId} dropped: {Error}",
                typeof(T).Name, request.HttpContext.GetCloudEvent()?.Id, ex.Message);
            return null;
        }
    }
}
