using System.Text.Json;
using TokenPln.LocalRunner.PubSub;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// Reads an app's programmatic subscriptions (<c>GET /dapr/subscribe</c>, once it listens, as daprd does)
/// together with its declarative ones, and registers them with the broker.
/// </summary>
internal sealed class SubscriptionLoader(Broker broker, Processes.ConsoleOutput output)
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(10) };

    public async Task<int> LoadAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        var routes = new List<(string PubSub, string Topic, SubscriptionRoute Route)>();
        routes.AddRange(await ReadProgrammaticAsync(sidecar, cancellationToken));

        routes.AddRange(sidecar.DeclarativeSubscriptions.Select(s =>
            (s.PubSubName, s.Topic, new SubscriptionRoute(s.Route, s.DeadLetterTopic, s.RawPayload, $"declarative {s.Name}"))));

        var registered = new List<RegisteredSubscription>();
        foreach (var (pubSub, topic, route) in routes)
        {
            if (!sidecar.PubSubs.ContainsKey(pubSub))
            {
                output.Line("runner", $"ERROR {sidecar.AppId}: subscription to {topic} names pubsub '{pubSub}', which is not loaded for this app");
                continue;
            }

            try
            {
                await broker.SubscribeAsync(sidecar, pubSub, topic, route, cancellationToken);
            }
            catch (PubSubStoreException ex)
            {
                output.Line("runner", $"ERROR {sidecar.AppId}: subscription to {topic} could not be created: {ex.Message}");
                continue;
            }

            registered.Add(new RegisteredSubscription(pubSub, topic, route.Route, route.DeadLetterTopic, route.RawPayload,
                route.Source.StartsWith("declarative", StringComparison.Ordinal)));
        }

        sidecar.Subscriptions = registered;
        return registered.Count;
    }

    /// <summary>
    /// The app's <c>GET /dapr/subscribe</c>. An app that has just started listening can be slow to answer its first request
    /// on a loaded machine (a CI run saw more than 10 s), so a timeout or a dropped connection is retried for a minute;
    /// a failure after that is reported and leaves the app with its declarative subscriptions, never stops the runner.
    /// </summary>
    private async Task<List<(string PubSub, string Topic, SubscriptionRoute Route)>> ReadProgrammaticAsync(Sidecar sidecar, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sidecar.AppBaseUri, "dapr/subscribe"));
            request.Headers.TryAddWithoutValidation("dapr-app-id", sidecar.AppId);
            if (sidecar.AppApiToken is { } appApiToken)
            {
                request.Headers.TryAddWithoutValidation("dapr-api-token", appApiToken);
            }

            try
            {
                using var response = await Http.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    var json = await response.Content.ReadAsStringAsync(cancellationToken);
                    return Parse(sidecar.AppId, json).ToList();
                }

                if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
                {
                    output.Line("runner", $"ERROR {sidecar.AppId}: GET /dapr/subscribe answered {(int)response.StatusCode}; no programmatic subscriptions");
                }

                return [];
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                if (DateTime.UtcNow > deadline)
                {
                    output.Line("runner", $"ERROR {sidecar.AppId}: GET /dapr/subscribe failed {attempt} times ({ex.Message}); no programmatic subscriptions");
                    return [];
                }

                output.Line("runner", $"WARN {sidecar.AppId}: GET /dapr/subscribe failed ({ex.Message}); trying again");
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    internal IEnumerable<(string PubSub, string Topic, SubscriptionRoute Route)> Parse(string appId, string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            output.Line("runner", $"ERROR {appId}: /dapr/subscribe did not answer a JSON array");
            yield break;
        }

        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var pubSub = Get(entry, "pubsubname");
            var topic = Get(entry, "topic");
            var routes = Find(entry, "routes");
            var bulk = Find(entry, "bulkSubscribe");
            if (routes is { } r && Find(r, "rules") is { ValueKind: JsonValueKind.Array } rules && rules.GetArrayLength() > 0)
            {
                output.Line("runner", $"ERROR {appId}: routing rules on topic {topic} are not supported by the local runner; subscription skipped");
                continue;
            }

            if (bulk is { } b && Find(b, "enabled") is { ValueKind: JsonValueKind.True })
            {
                output.Line("runner", $"ERROR {appId}: bulkSubscribe on topic {topic} is not supported by the local runner; subscription skipped");
                continue;
            }

            var route = (routes is { } withRoutes ? Get(withRoutes, "default") : null) ?? Get(entry, "route");
            if (pubSub is null || topic is null || route is null)
            {
                output.Line("runner", $"ERROR {appId}: subscription entry {entry.GetRawText()} lacks pubsubname, topic or route");
                continue;
            }

            var raw = Find(entry, "metadata") is { } metadata && string.Equals(Get(metadata, "rawPayload"), "true", StringComparison.OrdinalIgnoreCase);
            yield return (pubSub, topic, new SubscriptionRoute(route, Get(entry, "deadLetterTopic"), raw, "programmatic"));
        }
    }

    // Go's JSON decoder matches keys case-insensitively, so pubsubName and pubsubname both work.
    private static JsonElement? Find(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().Where(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(p => (JsonElement?)p.Value).FirstOrDefault()
            : null;

    private static string? Get(JsonElement element, string name) =>
        Find(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;
}
