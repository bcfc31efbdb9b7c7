using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// The sidecar HTTP API of one app, selected by the port a request arrived on. Publish, secrets, metadata and shutdown
/// are <see cref="SidecarOperations"/>, shared with the gRPC API; this class only reads and writes HTTP.
/// </summary>
internal sealed class SidecarApi(Topology topology, InvocationProxy invocation, SidecarOperations operations)
{
    public async Task HandleAsync(HttpContext context, Sidecar sidecar)
    {
        var path = context.Request.Path.Value ?? "/";
        var isGet = HttpMethods.IsGet(context.Request.Method);
        if (isGet && path == "/v1.0/healthz")
        {
            await HealthAsync(context, sidecar);
            return;
        }

        if (isGet && path == "/v1.0/healthz/outbound")
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        if (!HasValidApiToken(topology, context.Request.Headers[HopHeaders.ApiToken].ToString()))
        {
            // daprd answers a missing or wrong token with plain text, not JSON.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("invalid api token");
            return;
        }

        if (!context.Request.Headers.ContainsKey(HopHeaders.AppIdHeader) && Route(context, path, isGet) is { } handler)
        {
            try
            {
                await handler(context, sidecar);
            }
            catch (DaprApiException ex)
            {
                await DaprErrors.Write(context, ex.HttpStatus, ex.ErrorCode, ex.Message);
            }

            return;
        }

        if (InvocationProxy.ParseTarget(context) is { } target)
        {
            await invocation.InvokeAsync(context, sidecar, target.Target, target.MethodAndQuery);
            return;
        }

        await DaprErrors.Write(context, 404, "ERR_DIRECT_INVOKE", "failed getting app id either from the URL path or the header dapr-app-id");
    }

    /// <summary>Whether <paramref name="presented"/> is the run's <c>DAPR_API_TOKEN</c>, or no token is required.</summary>
    public static bool HasValidApiToken(Topology topology, string? presented)
    {
        if (topology.DaprApiToken is null) return true;
        return !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(topology.DaprApiToken));
    }

    private Func<HttpContext, Sidecar, Task>? Route(HttpContext context, string path, bool isGet)
    {
        var isPost = HttpMethods.IsPost(context.Request.Method);
        // The static "bulk" segment wins over a pub/sub of that name, as in daprd's router.
        foreach (var prefix in (string[])["/v1.0-alpha1/publish/bulk/", "/v1.0/publish/bulk/"])
        {
            if (isPost && path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return (c, s) => BulkPublishAsync(c, s, path[prefix.Length..]);
            }
        }

        if (isPost && path.StartsWith("/v1.0/publish/", StringComparison.Ordinal))
        {
            return (c, s) => PublishAsync(c, s, path["/v1.0/publish/".Length..]);
        }

        if (isGet && path.StartsWith("/v1.0/secrets/", StringComparison.Ordinal))
        {
            return (c, s) => SecretsAsync(c, s, path["/v1.0/secrets/".Length..]);
        }

        if (isGet && path == "/v1.0/metadata")
        {
            return MetadataAsync;
        }

        if (isPost && path == "/v1.0/shutdown")
        {
            return (c, s) =>
            {
                operations.Shutdown(s);
                c.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            };
        }

        foreach (var prefix in (string[])["/v1.0/state/", "/v1.0-alpha1/state/"])
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                // A state call is never an invocation: without a state store daprd answers with the state API's own error.
                var store = Uri.UnescapeDataString(SplitFirst(path[prefix.Length..]).First);
                return (_, _) => throw DaprApiException.StateStoreNotConfigured(store);
            }
        }

        return null;
    }

    private static async Task HealthAsync(HttpContext context, Sidecar sidecar)
    {
        if (context.Request.Query.TryGetValue("appid", out var appId) && appId != sidecar.AppId)
        {
            await DaprErrors.Write(context, 500, "ERR_HEALTH_APPID_NOT_MATCH", $"dapr app-id does not match: {appId}");
            return;
        }

        if (!sidecar.AppRunning)
        {
            await DaprErrors.Write(context, 500, "ERR_HEALTH_NOT_READY", $"dapr is not ready: [app channel to {sidecar.AppId} is not ready]");
            return;
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task PublishAsync(HttpContext context, Sidecar sidecar, string rest)
    {
        var (pubSubName, topic) = SplitFirst(rest);
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        operations.Publish(context, sidecar, pubSubName, Uri.UnescapeDataString(topic), buffer.ToArray(), context.Request.ContentType,
            QueryMetadata(context));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task BulkPublishAsync(HttpContext context, Sidecar sidecar, string rest)
    {
        var (pubSubName, topic) = SplitFirst(rest);
        topic = Uri.UnescapeDataString(topic);
        SidecarOperations.ValidatePubSub(sidecar, pubSubName, topic);
        List<BulkEntry> entries;
        try
        {
            entries = ParseBulkEntries(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted));
        }
        catch (JsonException ex)
        {
            throw DaprApiException.EventsSerialization(pubSubName, topic, ex.Message);
        }

        operations.BulkPublish(context, sidecar, pubSubName, topic, entries, QueryMetadata(context));
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    /// <summary>
    /// daprd's HTTP bulk body: <c>[{"entryId","event","contentType","metadata"}]</c>. A JSON content type takes the event
    /// as JSON; any other takes a JSON string as its text, so that a text event is not published with quotes around it.
    /// </summary>
    private static List<BulkEntry> ParseBulkEntries(JsonNode? body)
    {
        if (body is not JsonArray array) throw new JsonException("the request body must be a JSON array of entries");
        return array.Select(item =>
        {
            if (item is not JsonObject entry) throw new JsonException("each entry must be a JSON object");
            var contentType = entry["contentType"]?.GetValue<string>();
            var @event = entry["event"];
            var isJson = contentType is null || contentType.Contains("json", StringComparison.OrdinalIgnoreCase);
            var bytes = @event is JsonValue value && value.TryGetValue<string>(out var text) && !isJson
                ? Encoding.UTF8.GetBytes(text)
                : Encoding.UTF8.GetBytes(@event?.ToJsonString() ?? "null");
            var metadata = entry["metadata"] is JsonObject m
                ? m.ToDictionary(kv => kv.Key, kv => kv.Value?.GetValue<string>() ?? "")
                : new Dictionary<string, string>();
            return new BulkEntry(entry["entryId"]?.GetValue<string>() ?? "", bytes, contentType ?? "application/json", metadata);
        }).ToList();
    }

    private async Task SecretsAsync(HttpContext context, Sidecar sidecar, string rest)
    {
        var (storeName, key) = SplitFirst(rest);
        key = Uri.UnescapeDataString(key);
        object answer = key == "bulk"
            ? operations.GetBulkSecret(sidecar, storeName)
            : operations.GetSecret(sidecar, storeName, key);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(answer));
    }

    /// <summary>The metadata document with daprd's JSON names; empty collections are kept, so every field is always there.</summary>
    private static async Task MetadataAsync(HttpContext context, Sidecar sidecar)
    {
        var metadata = SidecarOperations.Metadata(sidecar);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = metadata.Id,
            runtimeVersion = metadata.RuntimeVersion,
            enabledFeatures = metadata.EnabledFeatures,
            actors = Array.Empty<object>(),
            components = metadata.Components.Select(c => new { name = c.Name, type = c.Type, version = c.Version, capabilities = Array.Empty<string>() }),
            extended = new Dictionary<string, string> { ["daprRuntimeVersion"] = metadata.RuntimeVersion },
            subscriptions = metadata.Subscriptions.Select(s => new
            {
                pubsubname = s.PubSubName,
                topic = s.Topic,
                metadata = s.RawPayload ? new Dictionary<string, string> { ["rawPayload"] = "true" } : [],
                rules = new[] { new { path = s.Route } },
                deadLetterTopic = s.DeadLetterTopic ?? "",
                type = s.Declarative ? "DECLARATIVE" : "PROGRAMMATIC",
            }),
            httpEndpoints = metadata.HttpEndpoints.Select(name => new { name }),
            appConnectionProperties = new { port = metadata.AppPort, protocol = "http", channelAddress = metadata.ChannelAddress },
            actorRuntime = new { runtimeStatus = "DISABLED", hostReady = false },
        }));
    }

    private static Dictionary<string, string> QueryMetadata(HttpContext context) =>
        context.Request.Query
            .Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString());

    private static (string First, string Remainder) SplitFirst(string text)
    {
        var slash = text.IndexOf('/');
        return slash < 0 ? (text, "") : (text[..slash], text[(slash + 1)..]);
    }
}
