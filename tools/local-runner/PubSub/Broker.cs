using System.Collections.Concurrent;
using System.Net.Http.Headers;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner.PubSub;

/// <summary>
/// The in-process stand-in for the <c>pubsub.redis</c> components: topics shared by all sidecars, a consumer
/// group per subscribing app, CloudEvent delivery over HTTP with Dapr's acknowledgement rules.
/// </summary>
internal sealed class Broker(Tracer tracer, ILogger<Broker> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<(string PubSub, string Topic), TopicStream> _streams = new();
    private readonly ConcurrentDictionary<(string PubSub, string Topic, string AppId), ConsumerGroup> _groups = new();
    private readonly ConcurrentDictionary<string, PubSubComponent> _components = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public void Register(PubSubComponent component) => _components.TryAdd(component.Name, component);

    public long Append(string pubSubName, string topic, byte[] body, bool rawPayload) =>
        Stream(pubSubName, topic).Append(body, rawPayload);

    /// <summary>Creates or updates the app's consumer group; an existing group keeps its position, like a Redis group.</summary>
    public void Subscribe(Sidecar.Sidecar sidecar, string pubSubName, string topic, SubscriptionRoute route)
    {
        var component = _components[pubSubName];
        var key = (pubSubName, topic, sidecar.AppId);
        if (_groups.TryGetValue(key, out var existing))
        {
            existing.Route = route;
            return;
        }

        var stream = Stream(pubSubName, topic);
        var group = new ConsumerGroup(this, stream, sidecar, component, route, logger);
        if (_groups.TryAdd(key, group))
        {
            stream.AddGroup(group);
            lock (_loops) _loops.Add(Task.Run(() => group.RunAsync(_stopping.Token)));
        }
    }

    public IEnumerable<object> Describe() => _streams.Values.Select(s => new
    {
        pubsub = s.PubSubName,
        topic = s.Topic,
        retained = s.Length,
        subscribers = _groups.Where(g => g.Key.PubSub == s.PubSubName && g.Key.Topic == s.Topic)
            .Select(g => new { app = g.Key.AppId, route = g.Value.Route.Route, deadLetterTopic = g.Value.Route.DeadLetterTopic }),
    });

    internal async Task<(DeliveryResult Result, string Detail)> DeliverAsync(Sidecar.Sidecar sidecar, SubscriptionRoute route, TopicStream stream,
        StoredMessage message, TimeSpan? timeout, CancellationToken stopping)
    {
        var body = (message.RawPayload, route.RawPayload) switch
        {
            (_, true) => CloudEventEnvelope.WrapRaw(message.Body, stream.PubSubName, stream.Topic),
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
        request.Headers.TryAddWithoutValidation("pubsubName", stream.PubSubName);
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

    private TopicStream Stream(string pubSubName, string topic) =>
        _streams.GetOrAdd((pubSubName, topic), key => new TopicStream(key.PubSub, key.Topic, _components[key.PubSub].MaxLength));

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops) loops = [.. _loops];
        await Task.WhenAll(loops.Select(l => l.ContinueWith(_ => { }, TaskScheduler.Default)));
        _http.Dispose();
    }
}
