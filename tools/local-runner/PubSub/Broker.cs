using System.Collections.Concurrent;
using System.Net.Http.Headers;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>
/// The <c>pubsub.redis</c> components: topics shared by all sidecars, a consumer group per subscribing app (shared by its
/// instances; or per instance when the component's <c>consumerID</c> holds <c>{podName}</c> or <c>{uuid}</c>), CloudEvent
/// delivery over HTTP with Dapr's acknowledgement rules. Each component keeps its topics in its own store (a Redis
/// server, or the runner's memory); delivery is this class's and <see cref="ConsumerGroup"/>'s over either.
/// </summary>
internal sealed class Broker(Tracer tracer, ILogger<Broker> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string PubSub, string Topic, string Group), ConsumerGroup> _groups = new();
    private readonly ConcurrentDictionary<(string PubSub, string Topic), byte> _topics = new();
    private readonly ConcurrentDictionary<string, (PubSubComponent Component, IPubSubStore Store)> _components = new();
    private readonly SemaphoreSlim _subscribing = new(1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Serves the component in the runner's memory, as when no Redis answers.</summary>
    public void Register(PubSubComponent component) => Register(component, PubSubStores.InMemory(component));

    public void Register(PubSubComponent component, IPubSubStore store) => _components.TryAdd(component.Name, (component, store));

    /// <returns>The store's id of the message, once the store holds it.</returns>
    /// <exception cref="PubSubStoreException">The store could not take it; the publisher must be told.</exception>
    public async Task<string> AppendAsync(string pubSubName, string topic, byte[] body, bool rawPayload, CancellationToken cancellationToken)
    {
        _topics.TryAdd((pubSubName, topic), 0);
        return await _components[pubSubName].Store.AppendAsync(topic, body, rawPayload, cancellationToken);
    }

    /// <summary>
    /// Creates or updates the consumer group this instance belongs to, and makes the instance one of its members; an existing
    /// group keeps its position, like a Redis group, and hands each message to one member.
    /// </summary>
    /// <exception cref="PubSubStoreException">The store could not create the group.</exception>
    public async Task SubscribeAsync(Sidecar.Sidecar sidecar, string pubSubName, string topic, SubscriptionRoute route, CancellationToken cancellationToken)
    {
        var (component, store) = _components[pubSubName];
        var groupName = component.ConsumerGroupFor(sidecar.AppId, sidecar.InstanceId, sidecar.Uuid);
        var key = (pubSubName, topic, groupName);
        // One at a time, so that two loads of the same app's subscriptions never join the same group twice.
        await _subscribing.WaitAsync(cancellationToken);
        try
        {
            if (_groups.TryGetValue(key, out var existing))
            {
                existing.Route = route;
                existing.Join(sidecar);
                return;
            }

            _topics.TryAdd((pubSubName, topic), 0);
            var cursor = await store.JoinAsync(topic, groupName, cancellationToken);
            var group = new ConsumerGroup(this, cursor, topic, sidecar, component, route, logger);
            _groups[key] = group;
            lock (_loops) _loops.Add(Task.Run(() => group.RunAsync(_stopping.Token)));
        }
        finally
        {
            _subscribing.Release();
        }
    }

    public IEnumerable<object> Describe() => _topics.Keys.Select(t => new
    {
        pubsub = t.PubSub,
        topic = t.Topic,
        retained = _components[t.PubSub].Store.Retained(t.Topic),
        subscribers = _groups.Where(g => g.Key.PubSub == t.PubSub && g.Key.Topic == t.Topic)
            .Select(g => new { app = g.Value.AppId, group = g.Key.Group, instances = g.Value.Members.Select(m => m.InstanceId), route = g.Value.Route.Route, deadLetterTopic = g.Value.Route.DeadLetterTopic }),
    });

    internal async Task<(DeliveryResult Result, string Detail)> DeliverAsync(Sidecar.Sidecar sidecar, SubscriptionRoute route, string pubSubName,
        string topic, StoredMessage message, TimeSpan? timeout, CancellationToken stopping)
    {
        var body = (message.RawPayload, route.RawPayload) switch
        {
            (_, true) => CloudEventEnvelope.WrapRaw(message.Body, pubSubName, topic),
            _ => message.Body,
        };
        if (CloudEventEnvelope.Expiration(body) is { } expiration && expiration < DateTimeOffset.UtcNow)
        {
            return (DeliveryResult.Drop, $"expired at {expiration:O}");
        }

        if (!sidecar.AppRunning)
        {
            return (DeliveryResult.Retry, $"app {sidecar.AppId} is not running");
        }

        var span = tracer.Start(null, sidecar.AppId, $"/{route.Route.TrimStart('/')}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(sidecar.AppBaseUri, route.Route.TrimStart('/')))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/cloudevents+json") } },
        };
        request.Headers.TryAddWithoutValidation("traceparent", span.TraceParent);
        request.Headers.TryAddWithoutValidation("pubsubName", pubSubName);
        if (sidecar.AppApiToken is { } appApiToken)
        {
            request.Headers.TryAddWithoutValidation("dapr-api-token", appApiToken);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            tracer.Finish(span, (int)response.StatusCode);
            var result = ConsumerGroup.Interpret((int)response.StatusCode, text);
            return (result, $"HTTP {(int)response.StatusCode} {Truncate(text)}");
        }
        catch (HttpRequestException ex)
        {
            return (DeliveryResult.Retry, ex.Message);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return (DeliveryResult.Retry, $"no answer within {timeout ?? TimeSpan.FromSeconds(60)}");
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops) loops = [.. _loops];
        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        await Task.WhenAll(_groups.Values.Select(g => g.DeliveriesEndedAsync().ContinueWith(_ => { }, TaskScheduler.Default)));
        _http.Dispose();
        // Components on one Redis share one store.
        foreach (var store in _components.Values.Select(c => c.Store).Distinct())
        {
            await store.DisposeAsync();
        }
    }
}
