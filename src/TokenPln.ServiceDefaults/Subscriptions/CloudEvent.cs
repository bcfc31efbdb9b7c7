using Microsoft.AspNetCore.Http;

namespace TokenPln.ServiceDefaults.Subscriptions;

/// <summary>
/// The envelope attributes of the CloudEvent being handled, which Dapr.AspNetCore's <c>UseCloudEvents</c> forwards as
/// <c>Cloudevent.*</c> request headers once it has unwrapped the body (<see cref="SubscriptionEndpoints.CloudEventsOptions"/>).
/// </summary>
public sealed record CloudEvent(string Id, string? Source, string? Type, string? Topic)
{
    public const string HeaderPrefix = "Cloudevent.";

    /// <summary>The attributes forwarded as headers; the id is what subscribers de-duplicate on.</summary>
    public static readonly string[] ForwardedAttributes = ["id", "source", "type", "topic"];

    /// <summary>The envelope of the CloudEvent being handled, or null for a plain request.</summary>
    public static CloudEvent? From(HttpContext context)
    {
        var headers = context.Request.Headers;
        var id = headers[HeaderPrefix + "id"].ToString();
        return id.Length == 0
            ? null
            : new CloudEvent(id, NullIfEmpty(headers[HeaderPrefix + "source"]), NullIfEmpty(headers[HeaderPrefix + "type"]),
                NullIfEmpty(headers[HeaderPrefix + "topic"]));
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues value) => value.Count == 0 ? null : value.ToString();
}

public static class CloudEventHttpContextExtensions
{
    /// <summary>The envelope of the CloudEvent being handled, or null for a plain request.</summary>
    public static CloudEvent? GetCloudEvent(this HttpContext context) => CloudEvent.From(context);
}
