using System.Text.Json;
using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.PubSub;

internal sealed record SubscriptionRoute(string Route, string? DeadLetterTopic, bool RawPayload, string Source);

internal enum DeliveryResult
{
    Success,
    Retry,
    Drop,
}

/// <summary>
/// One consumer group on one topic: delivers each message at least once to one of its members (the instances of an
/// app, or a single instance when the group is per instance), round robin over those running, up to <c>concurrency</c> at a
/// time, retrying per the inbound resiliency policy and dead-lettering on DROP, 404 or exhaustion. The same over
/// every store: only what it reads from and acknowledges to is the store's.
/// </summary>
internal sealed class ConsumerGroup
{
    private static readonly RetryPolicy DefaultRetry = new(Exponential: true, TimeSpan.Zero, TimeSpan.FromSeconds(15), MaxRetries: -1, null);
    private static readonly TimeSpan StoreRetryDelay = TimeSpan.FromSeconds(1);

    private readonly Broker _broker;
    private readonly IGroupCursor _cursor;
    private readonly Sidecar.Sidecar _sidecar;
    private readonly Lock _membersGate = new();
    private Sidecar.Sidecar[] _members;
    private int _nextMember;
    private readonly PubSubComponent _component;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, byte> _deliveries = new();

    public ConsumerGroup(Broker broker, IGroupCursor cursor, string topic, Sidecar.Sidecar sidecar, PubSubComponent component,
        SubscriptionRoute route, ILogger logger)
    {
        _broker = broker;
        _cursor = cursor;
        Topic = topic;
        _sidecar = sidecar;
        _members = [sidecar];
        _component = component;
        _slots = new SemaphoreSlim(component.Concurrency);
        _logger = logger;
        Route = route;
    }

    public string AppId => _sidecar.AppId;

    public IReadOnlyList<Sidecar.Sidecar> Members
    {
        get
        {
            lock (_membersGate) return _members;
        }
    }

    /// <summary>Another instance joins the group (as a consumer joins a Redis group): from now on it shares the deliveries.</summary>
    public void Join(Sidecar.Sidecar sidecar)
    {
        lock (_membersGate)
        {
            if (!_members.Contains(sidecar)) _members = [.. _members, sidecar];
        }
    }

    /// <summary>
    /// The member that gets the next attempt: the next running one in turn, so a stopped or killed instance's share goes to the
    /// others; when none runs, the first, whose delivery then fails as "not running" and is retried.
    /// </summary>
    internal Sidecar.Sidecar NextMember()
    {
        Sidecar.Sidecar[] members;
        lock (_membersGate) members = _members;
        var start = Interlocked.Increment(ref _nextMember);
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[(int)((uint)(start + i) % (uint)members.Length)];
            if (member.AppRunning) return member;
        }

        return members[0];
    }
    public string Topic { get; }
    public volatile SubscriptionRoute Route;

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            StoredMessage message;
            try
            {
                message = await _cursor.NextAsync(stopping);
            }
            catch (PubSubStoreException ex)
            {
                _logger.LogWarning("Reading {Topic} for {App} failed ({Detail}); trying again in {Delay}", Topic, AppId, ex.Message, StoreRetryDelay);
                await Task.Delay(StoreRetryDelay, stopping);
                continue;
            }

            await _slots.WaitAsync(stopping);
            var delivery = Task.Run(() => DeliverUntilSettledAsync(message, stopping), CancellationToken.None);
            _deliveries.TryAdd(delivery, 0);
            _ = delivery.ContinueWith(d => _deliveries.TryRemove(d, out _), TaskScheduler.Default);
        }
    }

    /// <summary>Completes when every delivery started has ended, so that its store is not closed under an acknowledgement.</summary>
    public Task DeliveriesEndedAsync() => Task.WhenAll(_deliveries.Keys);

    private async Task DeliverUntilSettledAsync(StoredMessage message, CancellationToken stopping)
    {
        var policy = _sidecar.PubSubInbound.GetValueOrDefault(_component.Name) ?? TargetPolicy.None;
        var retry = policy.Retry ?? DefaultRetry;
        var settled = false;
        try
        {
            for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
            {
                var route = Route;
                var (result, detail) = await _broker.DeliverAsync(NextMember(), route, _component.Name, Topic, message, policy.Timeout, stopping);
                if (result == DeliveryResult.Success)
                {
                    settled = true;
                    break;
                }

                var exhausted = !retry.Forever && attempt > retry.MaxRetries;
                if (result == DeliveryResult.Drop || (exhausted && route.DeadLetterTopic is not null))
                {
                    var reason = result == DeliveryResult.Drop ? $"dropped by {AppId}: {detail}" : $"retries exhausted after {attempt} attempts: {detail}";
                    if (await DeadLetterAsync(route, message, reason, stopping))
                    {
                        settled = true;
                        break;
                    }

                    detail = $"{detail}; the dead-letter topic could not be written";
                }

                // Without a dead-letter topic the message stays pending and the broker redelivers it, like Redis.
                var delay = exhausted ? _component.ProcessingTimeout : retry.DelayFor(attempt);
                _logger.LogWarning("Delivery of {Topic} #{Id} to {App} failed (attempt {Attempt}: {Detail}); retrying in {Delay}",
                    Topic, message.Id, AppId, attempt, detail, delay);
                _slots.Release();
                try
                {
                    await Task.Delay(delay, stopping);
                }
                finally
                {
                    await _slots.WaitAsync(CancellationToken.None);
                }
            }

            if (settled)
            {
                await _cursor.AckAsync(message, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The runner is stopping; the message was never acknowledged.
        }
        catch (PubSubStoreException ex)
        {
            _logger.LogWarning("Acknowledging {Topic} #{Id} for {App} failed ({Detail}); it stays pending and is delivered again",
                Topic, message.Id, AppId, ex.Message);
        }
        finally
        {
            _slots.Release();
            if (!settled) _cursor.Release(message);
        }
    }

    /// <returns>Whether the message is settled: parked on the dead-letter topic, or dropped for want of one.</returns>
    private async Task<bool> DeadLetterAsync(SubscriptionRoute route, StoredMessage message, string reason, CancellationToken stopping)
    {
        if (route.DeadLetterTopic is null)
        {
            _logger.LogError("Message {Topic} #{Id} dropped for {App} ({Reason}); no dead-letter topic configured",
                Topic, message.Id, AppId, reason);
            return true;
        }

        try
        {
            // Written before the original is acknowledged, so a crash in between duplicates it rather than losing it.
            await _broker.AppendAsync(_component.Name, route.DeadLetterTopic, message.Body, message.RawPayload, stopping);
        }
        catch (PubSubStoreException ex)
        {
            _logger.LogWarning("Message {Topic} #{Id} for {App} could not be sent to dead-letter topic {DeadLetterTopic}: {Detail}",
                Topic, message.Id, AppId, route.DeadLetterTopic, ex.Message);
            return false;
        }

        _logger.LogWarning("Message {Topic} #{Id} for {App} sent to dead-letter topic {DeadLetterTopic} ({Reason})",
            Topic, message.Id, AppId, route.DeadLetterTopic, reason);
        return true;
    }

    /// <summary>Reads the app's answer per Dapr's rules: status values are case-sensitive; 404 drops.</summary>
    public static DeliveryResult Interpret(int statusCode, string? body)
    {
        if (statusCode == 404) return DeliveryResult.Drop;
        if (statusCode is < 200 or > 299) return DeliveryResult.Retry;
        if (string.IsNullOrWhiteSpace(body)) return DeliveryResult.Success;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("status", out var status))
            {
                return DeliveryResult.Success;
            }

            return status.ValueKind == JsonValueKind.String
                ? status.GetString() switch
                {
                    "" or "SUCCESS" => DeliveryResult.Success,
                    "DROP" => DeliveryResult.Drop,
                    _ => DeliveryResult.Retry,
                }
                : DeliveryResult.Retry;
        }
        catch (JsonException)
        {
            // A non-JSON 2xx body counts as success in Dapr.
            return DeliveryResult.Success;
        }
    }
}
