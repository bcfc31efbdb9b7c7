using System.Text.Json;
using TokenPln.LocalRunner.PubSub;
using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// What a sidecar does for publish, secrets, metadata and shutdown, once for both of its APIs: the HTTP API and the
/// gRPC API only translate requests and answers. Refusals are <see cref="DaprApiException"/>s with daprd's codes.
/// </summary>
internal sealed class SidecarOperations(Broker broker, SecretResolver secrets, Tracing.Tracer tracer, ILogger<SidecarOperations> logger)
{
    public const string RuntimeVersion = "tokenpln-local-runner";

    /// <summary>Checks the pub/sub and topic as daprd does, in daprd's order.</summary>
    public static void ValidatePubSub(Sidecar sidecar, string pubSubName, string topic)
    {
        if (sidecar.PubSubs.Count == 0) throw DaprApiException.PubSubNotConfigured();
        if (pubSubName.Length == 0) throw DaprApiException.PubSubNameEmpty();
        if (!sidecar.PubSubs.ContainsKey(pubSubName)) throw DaprApiException.PubSubNotFound(pubSubName);
        if (topic.Length == 0) throw DaprApiException.TopicEmpty(pubSubName);
    }

    public void Publish(HttpContext context, Sidecar sidecar, string pubSubName, string topic, byte[] data, string? contentType,
        IReadOnlyDictionary<string, string> metadata)
    {
        ValidatePubSub(sidecar, pubSubName, topic);
        var raw = IsRawPayload(metadata);
        var message = Envelope(context, sidecar, pubSubName, topic, data, contentType, metadata, raw);
        var offset = broker.Append(pubSubName, topic, message, raw);
        logger.LogDebug("{App} published {Topic} #{Offset}", sidecar.AppId, topic, offset);
    }

    /// <summary>
    /// Publishes every entry or none: all envelopes are built before the first is appended, so a bad entry refuses the
    /// whole request. The in-process broker cannot fail an append, so no entry is ever reported as failed.
    /// </summary>
    public void BulkPublish(HttpContext context, Sidecar sidecar, string pubSubName, string topic, IReadOnlyList<BulkEntry> entries,
        IReadOnlyDictionary<string, string> metadata)
    {
        ValidatePubSub(sidecar, pubSubName, topic);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (entry.EntryId.Length == 0)
            {
                throw DaprApiException.EventsSerialization(pubSubName, topic, "entryId is required for all entries");
            }

            if (!seen.Add(entry.EntryId))
            {
                throw DaprApiException.EventsSerialization(pubSubName, topic, $"entryId {entry.EntryId} is duplicated");
            }
        }

        var raw = IsRawPayload(metadata);
        var messages = entries.Select(entry =>
        {
            var merged = new Dictionary<string, string>(metadata, StringComparer.Ordinal);
            foreach (var (key, value) in entry.Metadata) merged[key] = value;
            return Envelope(context, sidecar, pubSubName, topic, entry.Event, entry.ContentType, merged, raw);
        }).ToList();
        foreach (var message in messages)
        {
            broker.Append(pubSubName, topic, message, raw);
        }

        logger.LogDebug("{App} bulk-published {Count} event(s) to {Topic}", sidecar.AppId, messages.Count, topic);
    }

    public IReadOnlyDictionary<string, string> GetSecret(Sidecar sidecar, string storeName, string key)
    {
        var store = FindSecretStore(sidecar, storeName);
        if (!sidecar.IsSecretAllowed(storeName, key))
        {
            throw DaprApiException.SecretPermissionDenied(key, storeName);
        }

        IReadOnlyDictionary<string, string> all;
        try
        {
            all = secrets.ReadAll(sidecar, store);
        }
        catch (Exception ex) when (ex is SecretStoreException or JsonException or IOException)
        {
            throw DaprApiException.SecretGet(key, storeName, ex.Message);
        }

        return all.TryGetValue(key, out var value)
            ? new Dictionary<string, string> { [key] = value }
            : throw DaprApiException.SecretGet(key, storeName, $"secret {key} not found");
    }

    /// <summary>Every secret of the store the app may read; keys scoped out of it are left out, as daprd does.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> GetBulkSecret(Sidecar sidecar, string storeName)
    {
        var store = FindSecretStore(sidecar, storeName);
        IReadOnlyDictionary<string, string> all;
        try
        {
            all = secrets.ReadAll(sidecar, store);
        }
        catch (Exception ex) when (ex is SecretStoreException or JsonException or IOException)
        {
            throw DaprApiException.BulkSecretGet(storeName, ex.Message);
        }

        return all.Where(kv => sidecar.IsSecretAllowed(storeName, kv.Key))
            .ToDictionary(kv => kv.Key, kv => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [kv.Key] = kv.Value });
    }

    public static MetadataDocument Metadata(Sidecar sidecar) => new(
        sidecar.AppId,
        RuntimeVersion,
        [],
        sidecar.PubSubs.Values.Select(p => new ComponentInfo(p.Name, p.Type, "v1"))
            .Concat(sidecar.SecretStores.Values.Select(s => new ComponentInfo(s.Name, s.Type, "v1")))
            .ToList(),
        sidecar.Subscriptions,
        sidecar.HttpEndpoints.Keys.ToList(),
        sidecar.AppPort,
        sidecar.App.AppChannelAddress);

    /// <summary>
    /// daprd stops itself here. The runner's sidecars share one process with the whole run, so one app asking must not
    /// end the others' sidecars: the request is acknowledged and logged, and the sidecar stays up until the run stops.
    /// </summary>
    public void Shutdown(Sidecar sidecar) =>
        logger.LogInformation("{App} asked its sidecar to shut down; the local runner keeps it serving until the run stops", sidecar.AppId);

    private static SecretStoreComponent FindSecretStore(Sidecar sidecar, string storeName)
    {
        if (sidecar.SecretStores.Count == 0) throw DaprApiException.SecretStoresNotConfigured();
        return sidecar.SecretStores.TryGetValue(storeName, out var store) ? store : throw DaprApiException.SecretStoreNotFound(storeName);
    }

    private static bool IsRawPayload(IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue("rawPayload", out var text)) return false;
        return bool.TryParse(text, out var raw) ? raw : throw DaprApiException.PublishMetadata($"rawPayload value '{text}' is not a boolean");
    }

    private byte[] Envelope(HttpContext context, Sidecar sidecar, string pubSubName, string topic, byte[] data, string? contentType,
        IReadOnlyDictionary<string, string> metadata, bool raw)
    {
        if (raw) return data;
        var span = tracer.StartClientSpan(context, sidecar.AppId, $"/v1.0/publish/{pubSubName}/{topic}");
        try
        {
            var envelope = CloudEventEnvelope.Build(data, string.IsNullOrEmpty(contentType) ? null : contentType, sidecar.AppId, pubSubName, topic,
                metadata, span.TraceParent, DateTimeOffset.UtcNow);
            tracer.Finish(span, 204);
            return envelope;
        }
        catch (JsonException ex)
        {
            throw DaprApiException.CloudEventSerialization(ex.Message);
        }
    }
}

internal sealed record BulkEntry(string EntryId, byte[] Event, string? ContentType, IReadOnlyDictionary<string, string> Metadata);

internal sealed record ComponentInfo(string Name, string Type, string Version);

internal sealed record MetadataDocument(
    string Id, string RuntimeVersion, IReadOnlyList<string> EnabledFeatures, IReadOnlyList<ComponentInfo> Components,
    IReadOnlyList<RegisteredSubscription> Subscriptions, IReadOnlyList<string> HttpEndpoints, int AppPort, string ChannelAddress);
