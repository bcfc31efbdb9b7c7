using System.Collections.Concurrent;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Template;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>One app's sidecar: its ports, the resources scoped to it and its resiliency state.</summary>
internal sealed class Sidecar
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new();
    private readonly TimeProvider _clock;

    public Sidecar(AppSpec app, int appPort, int httpPort, ResourceSet resources, TimeProvider clock)
    {
        _clock = clock;
        App = app;
        AppPort = appPort;
        HttpPort = httpPort;
        PubSubs = resources.PubSubs.Where(p => p.AppliesTo(app.AppId)).ToDictionary(p => p.Name);
        SecretStores = resources.SecretStores.Where(s => s.AppliesTo(app.AppId)).ToDictionary(s => s.Name);
        HttpEndpoints = resources.HttpEndpoints.Where(h => h.AppliesTo(app.AppId)).ToDictionary(h => h.Name);
        DeclarativeSubscriptions = resources.Subscriptions.Where(s => s.AppliesTo(app.AppId)).ToList();
        var resiliency = resources.Resiliencies.Where(r => r.AppliesTo(app.AppId)).ToList();
        AppTargets = resiliency.SelectMany(r => r.AppTargets).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
        PubSubInbound = resiliency.SelectMany(r => r.PubSubInbound).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Last().Value);
    }

    public AppSpec App { get; }
    public string AppId => App.AppId;
    public string InstanceId => App.InstanceId;

    /// <summary>What <c>{uuid}</c> in a component's metadata becomes for this sidecar: drawn once, as daprd does at its start.</summary>
    public Guid Uuid { get; } = Guid.NewGuid();
    public int AppPort { get; }
    public int HttpPort { get; }

    /// <summary>Where this sidecar serves Dapr's gRPC API (h2c); 0 when it serves none.</summary>
    public int GrpcPort { get; init; }

    /// <summary>The Configuration's <c>secrets.scopes</c>, by store name: keys of a store this app may not read.</summary>
    public IReadOnlyDictionary<string, SecretScope> SecretScopes { get; init; } = new Dictionary<string, SecretScope>();

    /// <summary>The subscriptions registered for this app at its last start, as the metadata API reports them.</summary>
    public IReadOnlyList<RegisteredSubscription> Subscriptions { get; set; } = [];
    public Uri AppBaseUri => new($"http://{App.AppChannelAddress}:{AppPort}/");
    public IReadOnlyDictionary<string, PubSubComponent> PubSubs { get; }
    public IReadOnlyDictionary<string, SecretStoreComponent> SecretStores { get; }
    public IReadOnlyDictionary<string, HttpEndpointResource> HttpEndpoints { get; }
    public IReadOnlyList<DeclarativeSubscription> DeclarativeSubscriptions { get; }
    public IReadOnlyDictionary<string, TargetPolicy> AppTargets { get; }
    public IReadOnlyDictionary<string, TargetPolicy> PubSubInbound { get; }

    /// <summary>
    /// What this sidecar presents to its app as <c>dapr-api-token</c> on every call (invocation, deliveries, the subscribe
    /// document), as daprd does with <c>APP_API_TOKEN</c>; the app refuses sidecar-only routes to anyone else.
    /// </summary>
    public string? AppApiToken { get; init; }

    /// <summary>Whether the app process is running; the runner never restarts it on its own.</summary>
    public volatile bool AppRunning;

    public TargetPolicy PolicyFor(string target) => AppTargets.GetValueOrDefault(target) ?? TargetPolicy.None;

    public bool IsSecretAllowed(string storeName, string key) =>
        !SecretScopes.TryGetValue(storeName, out var scope) || scope.Allows(key);

    public CircuitBreaker? BreakerFor(string target, TargetPolicy policy) =>
        policy.CircuitBreaker is { } breaker ? _breakers.GetOrAdd(target, _ => new CircuitBreaker(breaker, _clock)) : null;
}

internal sealed record RegisteredSubscription(string PubSubName, string Topic, string Route, string? DeadLetterTopic, bool RawPayload, bool Declarative);
