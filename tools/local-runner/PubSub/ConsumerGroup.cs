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
/// One app's consumer group on one topic: delivers each message at least once, up to <c>concurrency</c> at a
/// time, retrying per the inbound resiliency policy and dead-lettering on DROP, 404 or exhaustion.
/// </summary>
internal sealed class ConsumerGroup
{
    private static readonly RetryPolicy DefaultRetry = new(Exponential: true, TimeSpan.Zero, TimeSpan.FromSeconds(15), MaxRetries: -1, null);

    private readonly Broker _broker;
    private readonly TopicStream _stream;
    private readonly Sidecar.Sidecar _sidecar;
    private readonly PubSubComponent _component;
    private readonly SemaphoreSlim _slots;
    private readonly SortedSet<long> _inFlight = [];
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private long _nextOffset;

    public ConsumerGroup(Broker broker, TopicStream stream, Sidecar.Sidecar sidecar, PubSubComponent component, SubscriptionRoute route, ILogger logger)
    {
        _broker = broker;
        _stream = stream;
        _sidecar = sidecar;
        _component = component;
        _slots = new SemaphoreSlim(component.Concurrency);
        _logger = logger;
        Route = route;
        _nextOffset = stream.FirstOffset;
    }

    public string AppId => _sidecar.AppId;
    public volatile SubscriptionRoute Route;

    public long LowWatermark
    {
        get
        {
            lock (_gate) return _inFlight.Count > 0 ? _inFlight.Min : _nextOffset;
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var message = await _stream.ReadAsync(_nextOffset, stopping);
            await _slots.WaitAsync(stopping);
            lock (_gate)
            {
                _inFlight.Add(message.Offset);
                _nextOffset = message.Offset + 1;
            }

            _ = Task.Run(() => DeliverUntilSettledAsync(message, stopping), stopping);
        }
    }

    private async Task DeliverUntilSettledAsync(StoredMessage message, CancellationToken stopping)
    {
        var policy = _sidecar.PubSubInbound.GetValueOrDefault(_component.Name) ?? TargetPolicy.None;
        var retry = policy.Retry ?? DefaultRetry;
        try
        {
            for (var attempt = 1; !stopping.IsCancellationRequested; attempt++)
            {
                var route = Route;
                var (result, detail) = await _broker.DeliverAsync(_sidecar, route, _stream, message, policy.Timeout, stopping);
                if (result == DeliveryResult.Success)
                {
                    return;
                }

                if (result == DeliveryResult.Drop)
                {
                    await DeadLetterAsync(route, message, $"dropped by {AppId}: {detail}");
                    return;
                }

                var exhausted = !retry.Forever && attempt > retry.MaxRetries;
                if (exhausted && route.DeadLetterTopic is not null)
                {
                    await DeadLetterAsync(route, message, $"retries exhausted after {attempt} attempts: {detail}");
                    return;
                }

                // Without a dead-letter topic the message stays pending and the broker redelivers it, like Redis.
                var delay = exhausted ? _component.ProcessingTimeout : retry.DelayFor(attempt);
                _logger.LogWarning("Delivery of {Topic} #{Offset} to {App} failed (attempt {Attempt}: {Detail}); retrying in {Delay}",
                    _stream.Topic, message.Offset, AppId, attempt, detail, delay);
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
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The runner is stopping; the message was never acknowledged.
        }
        finally
        {
            _slots.Release();
            lock (_gate) _inFlight.Remove(message.Offset);
            _stream.Acknowledged();
        }
    }

    private Task DeadLetterAsync(SubscriptionRoute route, StoredMessage message, string reason)
    {
        if (route.DeadLetterTopic is null)
        {
            _logger.LogError("Message {Topic} #{Offset} dropped for {App} ({Reason}); no dead-letter topic configured",
                _stream.Topic, message.Offset, AppId, reason);
            return Task.CompletedTask;
        }

        _logger.LogWarning("Message {Topic} #{Offset} for {App} sent to dead-letter topic {DeadLetterTopic} ({Reason})",
            _stream.Topic, message.Offset, AppId, route.DeadLetterTopic, reason);
        _broker.Append(_stream.PubSubName, route.DeadLetterTopic, message.Body, message.RawPayload);
        return Task.CompletedTask;
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
