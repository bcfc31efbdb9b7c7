using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>Builds the CloudEvent daprd publishes (contrib <c>NewCloudEventsEnvelope</c>), from the publish request.</summary>
internal static class CloudEventEnvelope
{
    public static byte[] Build(byte[] body, string? contentType, string source, string pubSubName, string topic,
        IReadOnlyDictionary<string, string> metadata, string traceParent, DateTimeOffset now)
    {
        string Meta(string key, string fallback) => metadata.TryGetValue(key, out var value) && value.Length > 0 ? value : fallback;

        JsonObject envelope;
        if (IsMediaType(contentType, "application/cloudevents+json"))
        {
            // The publisher's own CloudEvent passes through; Dapr adds only what is missing plus trace and routing fields.
            envelope = JsonNode.Parse(body) as JsonObject ?? throw new JsonException("CloudEvent must be a JSON object.");
            envelope.TryAdd("id", Guid.NewGuid().ToString());
            envelope.TryAdd("source", "Dapr");
            envelope.TryAdd("type", "com.dapr.event.sent");
            envelope.TryAdd("specversion", "1.0");
            envelope.TryAdd("time", now.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture));
        }
        else
        {
            var dataContentType = contentType ?? "text/plain";
            envelope = new JsonObject
            {
                ["id"] = Meta("cloudevent.id", Guid.NewGuid().ToString()),
                ["source"] = Meta("cloudevent.source", source),
                ["type"] = Meta("cloudevent.type", "com.dapr.event.sent"),
                ["specversion"] = "1.0",
                ["datacontenttype"] = dataContentType,
                ["time"] = now.ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture),
            };
            if (metadata.TryGetValue("cloudevent.subject", out var subject)) envelope["subject"] = subject;
            AddData(envelope, body, dataContentType);
        }

        envelope["topic"] = topic;
        envelope["pubsubname"] = pubSubName;
        envelope["traceid"] = traceParent;
        envelope["traceparent"] = traceParent;
        envelope["tracestate"] = Meta("cloudevent.tracestate", "");
        if (metadata.TryGetValue("ttlInSeconds", out var ttl) && int.TryParse(ttl, out var seconds))
        {
            envelope["expiration"] = now.AddSeconds(seconds).ToString("yyyy-MM-ddTHH:mm:ssK", CultureInfo.InvariantCulture);
        }

        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    /// <summary>What a raw-payload subscriber receives: the broker bytes as <c>data_base64</c>.</summary>
    public static byte[] WrapRaw(byte[] raw, string pubSubName, string topic) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["specversion"] = "1.0",
            ["datacontenttype"] = "application/octet-stream",
            ["source"] = "Dapr",
            ["type"] = "com.dapr.event.sent",
            ["topic"] = topic,
            ["pubsubname"] = pubSubName,
            ["data_base64"] = Convert.ToBase64String(raw),
        }.ToJsonString());

    public static DateTimeOffset? Expiration(byte[] envelope)
    {
        try
        {
            using var document = JsonDocument.Parse(envelope);
            return document.RootElement.TryGetProperty("expiration", out var expiration)
                   && DateTimeOffset.TryParse(expiration.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
                ? at
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void AddData(JsonObject envelope, byte[] body, string contentType)
    {
        if (IsMediaType(contentType, "application/json") || MediaType(contentType)?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                envelope["data"] = JsonNode.Parse(body);
                return;
            }
            catch (JsonException)
            {
                // Dapr falls back to a string when a JSON body does not parse.
            }
        }

        if (IsMediaType(contentType, "application/octet-stream"))
        {
            envelope["data_base64"] = Convert.ToBase64String(body);
            return;
        }

        envelope["data"] = Encoding.UTF8.GetString(body);
    }

    private static string? MediaType(string? contentType) =>
        contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;

    private static bool IsMediaType(string? contentType, string expected) =>
        string.Equals(MediaType(contentType), expected, StringComparison.OrdinalIgnoreCase);
}
