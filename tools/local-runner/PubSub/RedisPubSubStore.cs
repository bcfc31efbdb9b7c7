using System.Collections.Concurrent;
using StackExchange.Redis;
using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>
/// <c>pubsub.redis</c> on a real Redis, laid out as Dapr's component does: one stream per topic (the topic is the key),
/// one consumer group per subscribing app created at id 0, entries as a <c>data</c> field, XACK once settled.
/// </summary>
internal sealed class RedisPubSubStore : IPubSubStore
{
    private const string DataField = "data";
    private const string MetadataField = "metadata";
    private const string RawPayloadMetadata = """{"rawPayload":"true"}""";

    private readonly ConnectionMultiplexer _redis;
    private readonly RedisSettings _settings;
    private readonly PubSubComponent _component;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ConcurrentBag<RedisCursor>> _cursors = new();

    private RedisPubSubStore(ConnectionMultiplexer redis, PubSubComponent component, ILogger logger)
    {
        _redis = redis;
        _component = component;
        _settings = component.Redis!;
        _logger = logger;
        Description = $"component {component.Name} ({component.Type}) served by Redis at {_settings.Host} " +
                      "(Redis Streams, a consumer group per app): published events outlive the runner";
    }

    public string Description { get; }

    /// <summary>
    /// Connects within <paramref name="connectTimeout"/>, or answers null with the reason: nothing listening, a refused
    /// password, a server too old for XAUTOCLAIM (Redis 6.2).
    /// </summary>
    public static async Task<(RedisPubSubStore? Store, string? Failure)> TryConnectAsync(PubSubComponent component, TimeSpan connectTimeout, ILogger logger)
    {
        var settings = component.Redis ?? throw new InvalidOperationException($"{component.Name} has no Redis settings.");
        var options = new ConfigurationOptions
        {
            EndPoints = { settings.Host },
            User = settings.Username,
            Password = settings.Password,
            Ssl = settings.EnableTls,
            ConnectTimeout = (int)connectTimeout.TotalMilliseconds,
            ConnectRetry = 1,
            // Fail fast at start; once connected, StackExchange.Redis reconnects on its own.
            AbortOnConnectFail = true,
            // While Redis is away a publish is refused at once (the publisher keeps the event and retries), never queued
            // in this process where a crash would lose it.
            BacklogPolicy = BacklogPolicy.FailFast,
            ClientName = "tokenpln-runner",
        };
        try
        {
            var redis = await ConnectionMultiplexer.ConnectAsync(options);
            var version = redis.GetServer(redis.GetEndPoints()[0]).Version;
            if (version < new Version(6, 2))
            {
                await redis.DisposeAsync();
                return (null, $"Redis {version} at {settings.Host} is older than 6.2 (no XAUTOCLAIM)");
            }

            return (new RedisPubSubStore(redis, component, logger), null);
        }
        catch (RedisConnectionException ex)
        {
            // Its message advises abortConnect=false, which is not this runner's user's business; the failure type says it.
            return (null, ex.FailureType.ToString());
        }
        catch (Exception ex) when (ex is RedisTimeoutException or RedisServerException or ArgumentException)
        {
            return (null, ex.Message.Split('\n')[0]);
        }
    }

    public async Task<string> AppendAsync(string topic, byte[] body, bool rawPayload, CancellationToken cancellationToken)
    {
        NameValueEntry[] fields = rawPayload
            ? [new(DataField, body), new(MetadataField, RawPayloadMetadata)]
            : [new(DataField, body)];
        string id;
        try
        {
            id = (await _redis.GetDatabase().StreamAddAsync(topic, fields, maxLength: _settings.MaxLenApprox, useApproximateMaxLength: true))!;
        }
        catch (Exception ex) when (RedisPubSubStore.IsFailure(ex))
        {
            throw new PubSubStoreException($"XADD to stream {topic} at {_settings.Host} failed: {ex.Message}", ex);
        }

        // Entries published through this runner reach its groups at once; others (another runner) by the next poll.
        if (_cursors.TryGetValue(topic, out var cursors))
        {
            foreach (var cursor in cursors) cursor.Wake();
        }

        return id;
    }

    public async Task<IGroupCursor> JoinAsync(string topic, string group, CancellationToken cancellationToken)
    {
        try
        {
            // XGROUP CREATE <topic> <group> 0 MKSTREAM; an existing group keeps its position and its pending entries.
            await _redis.GetDatabase().StreamCreateConsumerGroupAsync(topic, group, "0", createStream: true);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
        catch (Exception ex) when (RedisPubSubStore.IsFailure(ex))
        {
            throw new PubSubStoreException($"XGROUP CREATE {topic} {group} at {_settings.Host} failed: {ex.Message}", ex);
        }

        var cursor = new RedisCursor(_redis, topic, group, _component, _logger);
        _cursors.GetOrAdd(topic, _ => []).Add(cursor);
        return cursor;
    }

    public long? Retained(string topic)
    {
        try
        {
            return _redis.GetDatabase().StreamLength(topic);
        }
        catch (Exception ex) when (IsFailure(ex))
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    /// <summary>What the client throws when Redis is unreachable or refuses: its timeouts are not RedisExceptions.</summary>
    internal static bool IsFailure(Exception ex) => ex is RedisException or RedisTimeoutException;

    internal static StoredMessage? ToMessage(StreamEntry entry)
    {
        // A pending entry whose stream entry was trimmed or deleted comes back without values.
        if (entry.IsNull || entry.Values is null || entry.Values.Length == 0) return null;
        var data = entry[DataField];
        if (data.IsNull) return null;
        var raw = entry[MetadataField] is { IsNull: false } metadata && metadata.ToString().Contains("\"rawPayload\":\"true\"", StringComparison.Ordinal);
        return new StoredMessage(entry.Id!, (byte[])data!, raw);
    }
}

/// <summary>
/// One app's group on one stream, read as the consumer named after the group (as Dapr names it after the app id): first
/// this consumer's pending list (what a killed run never acknowledged), then new entries, and every redeliver interval the
/// entries idle longer than the processing timeout (XAUTOCLAIM) that are not being delivered right now.
/// </summary>
internal sealed class RedisCursor(ConnectionMultiplexer redis, string topic, string group, PubSubComponent component, ILogger logger) : IGroupCursor
{
    // StackExchange.Redis multiplexes one connection and never blocks it (no XREADGROUP BLOCK), so the cursor polls;
    // entries published through this runner wake it at once.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private readonly Queue<StoredMessage> _ready = new();
    private readonly ConcurrentDictionary<string, byte> _inFlight = new();
    private readonly int _batch = Math.Max(1, component.Concurrency);
    private readonly SemaphoreSlim _wake = new(0);
    private bool _pendingRead;
    private RedisValue _pendingFrom = "0";
    private DateTime _nextReclaim = DateTime.UtcNow + RedeliverInterval(component);

    private RedisValue Consumer => group;

    public void Wake()
    {
        if (_wake.CurrentCount == 0) _wake.Release();
    }

    public async Task<StoredMessage> NextAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_ready.TryDequeue(out var ready)) return ready;
            try
            {
                if (!_pendingRead)
                {
                    await ReadOwnPendingAsync();
                    continue;
                }

                if (RedeliverInterval(component) > TimeSpan.Zero && DateTime.UtcNow >= _nextReclaim)
                {
                    _nextReclaim = DateTime.UtcNow + RedeliverInterval(component);
                    await ReclaimStalledAsync();
                    if (_ready.Count > 0) continue;
                }

                var fresh = await redis.GetDatabase().StreamReadGroupAsync(topic, group, Consumer, StreamPosition.NewMessages, _batch);
                Enqueue(fresh);
                if (_ready.Count > 0) continue;
            }
            catch (Exception ex) when (RedisPubSubStore.IsFailure(ex))
            {
                throw new PubSubStoreException($"reading stream {topic} for group {group} failed: {ex.Message}", ex);
            }

            await _wake.WaitAsync(PollInterval, cancellationToken);
        }
    }

    public async Task AckAsync(StoredMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await redis.GetDatabase().StreamAcknowledgeAsync(topic, group, message.Id);
        }
        catch (Exception ex) when (RedisPubSubStore.IsFailure(ex))
        {
            // Still pending in Redis: reclaimed after the processing timeout and delivered again, at least once.
            throw new PubSubStoreException($"XACK {topic} {group} {message.Id} failed: {ex.Message}", ex);
        }
        finally
        {
            _inFlight.TryRemove(message.Id, out _);
        }
    }

    public void Release(StoredMessage message) => _inFlight.TryRemove(message.Id, out _);

    private async Task ReadOwnPendingAsync()
    {
        var entries = await redis.GetDatabase().StreamReadGroupAsync(topic, group, Consumer, _pendingFrom, _batch);
        if (entries.Length == 0)
        {
            _pendingRead = true;
            return;
        }

        _pendingFrom = entries[^1].Id;
        if (Enqueue(entries) > 0)
        {
            logger.LogInformation("Redelivering {Count} entry(ies) of {Topic} left pending for group {Group} by an earlier run", entries.Length, topic, group);
        }
    }

    private async Task ReclaimStalledAsync()
    {
        RedisValue start = "0-0";
        do
        {
            var claimed = await redis.GetDatabase().StreamAutoClaimAsync(topic, group, Consumer,
                (long)component.ProcessingTimeout.TotalMilliseconds, start, _batch);
            if (Enqueue(claimed.ClaimedEntries) is var count and > 0)
            {
                logger.LogWarning("Reclaimed {Count} entry(ies) of {Topic} for group {Group}, unacknowledged for over {Timeout}",
                    count, topic, group, component.ProcessingTimeout);
            }

            start = claimed.NextStartId;
        }
        while (start != "0-0" && _ready.Count < _batch);
    }

    private int Enqueue(StreamEntry[] entries)
    {
        var count = 0;
        foreach (var entry in entries)
        {
            if (RedisPubSubStore.ToMessage(entry) is not { } message)
            {
                // Trimmed away (maxLenApprox) before it was acknowledged: nothing left to deliver, so leave the pending list.
                _ = redis.GetDatabase().StreamAcknowledgeAsync(topic, group, entry.Id, CommandFlags.FireAndForget);
                continue;
            }

            // Claimed again while its delivery is still retrying here: the running delivery owns it.
            if (!_inFlight.TryAdd(message.Id, 0)) continue;
            _ready.Enqueue(message);
            count++;
        }

        return count;
    }

    private static TimeSpan RedeliverInterval(PubSubComponent component) => component.Redis?.RedeliverInterval ?? TimeSpan.Zero;
}
