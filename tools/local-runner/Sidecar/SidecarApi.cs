using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using TokenPln.LocalRunner.PubSub;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>The sidecar HTTP API of one app, selected by the port a request arrived on.</summary>
internal sealed class SidecarApi(Topology topology, InvocationProxy invocation, Broker broker, SecretResolver secrets,
    Tracing.Tracer tracer, ILogger<SidecarApi> logger)
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

        if (!HasValidApiToken(context))
        {
            // daprd answers a missing or wrong token with plain text, not JSON.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsync("invalid api token");
            return;
        }

        if (!context.Request.Headers.ContainsKey(HopHeaders.AppIdHeader))
        {
            if (HttpMethods.IsPost(context.Request.Method) && path.StartsWith("/v1.0/publish/", StringComparison.Ordinal))
            {
                await PublishAsync(context, sidecar, path["/v1.0/publish/".Length..]);
                return;
            }

            if (isGet && path.StartsWith("/v1.0/secrets/", StringComparison.Ordinal))
            {
                await SecretsAsync(context, sidecar, path["/v1.0/secrets/".Length..]);
                return;
            }

            if (isGet && path == "/v1.0/metadata")
            {
                await MetadataAsync(context, sidecar);
                return;
            }
        }

        if (InvocationProxy.ParseTarget(context) is { } target)
        {
            await invocation.InvokeAsync(context, sidecar, target.Target, target.MethodAndQuery);
            return;
        }

        await DaprErrors.Write(context, 404, "ERR_DIRECT_INVOKE", "failed getting app id either from the URL path or the header dapr-app-id");
    }

    private bool HasValidApiToken(HttpContext context)
    {
        if (topology.DaprApiToken is null) return true;
        var presented = context.Request.Headers[HopHeaders.ApiToken].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(topology.DaprApiToken));
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
        var slash = rest.IndexOf('/');
        var pubSubName = slash < 0 ? rest : rest[..slash];
        var topic = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..]);
        if (pubSubName.Length == 0)
        {
            await DaprErrors.Write(context, 404, "ERR_PUBSUB_EMPTY", "pubsub name is empty");
            return;
        }

        if (!sidecar.PubSubs.ContainsKey(pubSubName))
        {
            await DaprErrors.Write(context, 404, "ERR_PUBSUB_NOT_FOUND", $"pubsub {pubSubName} not found");
            return;
        }

        if (topic.Length == 0)
        {
            await DaprErrors.Write(context, 404, "ERR_TOPIC_NAME_EMPTY", $"topic is empty in pubsub {pubSubName}");
            return;
        }

        var metadata = context.Request.Query
            .Where(q => q.Key.StartsWith("metadata.", StringComparison.Ordinal))
            .ToDictionary(q => q.Key["metadata.".Length..], q => q.Value.ToString());
        var raw = false;
        if (metadata.TryGetValue("rawPayload", out var rawText) && !bool.TryParse(rawText, out raw))
        {
            await DaprErrors.Write(context, 400, "ERR_PUBSUB_REQUEST_METADATA", $"rawPayload value '{rawText}' is not a boolean");
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        byte[] message;
        try
        {
            var span = tracer.StartClientSpan(context, sidecar.AppId, $"/v1.0/publish/{pubSubName}/{topic}");
            message = raw
                ? buffer.ToArray()
                : CloudEventEnvelope.Build(buffer.ToArray(), context.Request.ContentType, sidecar.AppId, pubSubName, topic, metadata,
                    span.TraceParent, DateTimeOffset.UtcNow);
            tracer.Finish(span, 204);
        }
        catch (JsonException ex)
        {
            await DaprErrors.Write(context, 500, "ERR_PUBSUB_CLOUD_EVENTS_SER", ex.Message);
            return;
        }

        string id;
        try
        {
            id = await broker.AppendAsync(pubSubName, topic, message, raw, context.RequestAborted);
        }
        catch (PubSubStoreException ex)
        {
            await DaprErrors.Write(context, 500, "ERR_PUBSUB_PUBLISH_MESSAGE",
                $"error when publish to topic {topic} in pubsub {pubSubName}: {ex.Message}");
            return;
        }

        logger.LogDebug("{App} published {Topic} #{Id}", sidecar.AppId, topic, id);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task SecretsAsync(HttpContext context, Sidecar sidecar, string rest)
    {
        var slash = rest.IndexOf('/');
        var storeName = slash < 0 ? rest : rest[..slash];
        var key = slash < 0 ? "" : Uri.UnescapeDataString(rest[(slash + 1)..]);
        if (sidecar.SecretStores.Count == 0)
        {
            await DaprErrors.Write(context, 500, "ERR_SECRET_STORES_NOT_CONFIGURED", "secret store is not configured");
            return;
        }

        if (!sidecar.SecretStores.TryGetValue(storeName, out var store))
        {
            await DaprErrors.Write(context, 401, "ERR_SECRET_STORE_NOT_FOUND", $"failed finding secret store with key {storeName}");
            return;
        }

        IReadOnlyDictionary<string, string> all;
        try
        {
            all = secrets.ReadAll(sidecar, store);
        }
        catch (Exception ex) when (ex is SecretStoreException or JsonException or IOException)
        {
            await DaprErrors.Write(context, 500, "ERR_SECRET_GET", $"failed getting secrets from secret store {storeName}: {ex.Message}");
            return;
        }

        context.Response.ContentType = "application/json";
        if (key == "bulk")
        {
            await context.Response.WriteAsync(JsonSerializer.Serialize(all.ToDictionary(kv => kv.Key, kv => new Dictionary<string, string> { [kv.Key] = kv.Value })));
            return;
        }

        if (!all.TryGetValue(key, out var value))
        {
            await DaprErrors.Write(context, 500, "ERR_SECRET_GET", $"failed getting secret with key {key} from secret store {storeName}: secret {key} not found");
            return;
        }

        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value }));
    }

    private async Task MetadataAsync(HttpContext context, Sidecar sidecar)
    {
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            id = sidecar.AppId,
            runtimeVersion = "tokenpln-local-runner",
            components = sidecar.PubSubs.Values.Select(p => new { name = p.Name, type = p.Type, version = "v1" })
                .Concat(sidecar.SecretStores.Values.Select(s => new { name = s.Name, type = s.Type, version = "v1" })),
            httpEndpoints = sidecar.HttpEndpoints.Keys.Select(name => new { name }),
            subscriptions = broker.Describe(),
            appConnectionProperties = new { port = sidecar.AppPort, protocol = "http", channelAddress = sidecar.App.AppChannelAddress },
        }));
    }
}
