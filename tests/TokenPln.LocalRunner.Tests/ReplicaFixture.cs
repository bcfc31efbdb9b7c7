using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.LocalRunner.PubSub;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Sidecar;
using TokenPln.LocalRunner.Template;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner.Tests;

/// <summary>
/// A "caller" sidecar without an app and several instances of "orders", each its own small app and sidecar, over real
/// loopback HTTP, as the runner wires them for <c>--replicas orders=N</c>. Each instance records what reached it.
/// </summary>
internal sealed class ReplicaFixture : IAsyncDisposable
{
    public const string Topic = "orders-placed";

    private readonly string _directory = Directory.CreateTempSubdirectory("runner-replicas").FullName;
    private readonly List<WebApplication> _apps = [];
    private readonly WebApplication _server;
    private readonly Broker _broker;
    private readonly SubscriptionLoader _loader;

    /// <summary>Every call or delivery that reached an instance: its instance id and the CloudEvent id (or "invoke").</summary>
    public ConcurrentQueue<(string Instance, string What)> Hits { get; } = new();

    public Sidecar.Sidecar Caller { get; }
    public IReadOnlyList<Sidecar.Sidecar> Instances { get; }
    public HttpClient CallerClient { get; }
    public PubSubComponent PubSub { get; }

    private ReplicaFixture(int instances, string? consumerId, string redisHost)
    {
        File.WriteAllText(Path.Combine(_directory, "pubsub.yaml"), $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Component
            metadata: { name: pubsub }
            spec:
              type: pubsub.redis
              version: v1
              metadata:
              - { name: redisHost, value: "{{redisHost}}" }
            {{(consumerId is null ? "" : $"  - {{ name: consumerID, value: \"{consumerId}\" }}")}}
            """);
        var resources = ResourceSet.Load([_directory]);
        PubSub = resources.PubSubs.Single();
        using var ports = new PortReservation();
        Caller = new Sidecar.Sidecar(Spec("caller", 1), 0, ports.Next(), resources, TimeProvider.System);
        var sidecars = new List<Sidecar.Sidecar>();
        for (var n = 1; n <= instances; n++)
        {
            var spec = Spec("orders", n);
            var appPort = ports.Next();
            _apps.Add(BuildApp(spec.InstanceId, appPort));
            sidecars.Add(new Sidecar.Sidecar(spec, appPort, ports.Next(), resources, TimeProvider.System) { AppRunning = true });
        }

        Instances = sidecars;
        var topology = new Topology([Caller, .. sidecars], daprApiToken: null);
        var tracer = new Tracer(TracingSettings.Off, NullLogger<Tracer>.Instance);
        _broker = new Broker(tracer, NullLogger<Broker>.Instance);
        var secrets = new SecretResolver();
        var operations = new SidecarOperations(_broker, secrets, tracer, NullLogger<SidecarOperations>.Instance);
        var api = new SidecarApi(topology, new InvocationProxy(topology, secrets, tracer, NullLogger<InvocationProxy>.Instance), operations);
        _server = SidecarServer.Build(topology, api, operations, null, 4 * 1024 * 1024);
        _loader = new SubscriptionLoader(_broker, new Processes.ConsoleOutput([]));
        CallerClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Caller.HttpPort}/"), Timeout = TimeSpan.FromSeconds(20) };
    }

    /// <summary>Over the runner's memory, or over the Redis at <paramref name="redisHost"/>.</summary>
    public static async Task<ReplicaFixture> StartAsync(int instances, string? consumerId = null, string? redisHost = null)
    {
        var fixture = new ReplicaFixture(instances, consumerId, redisHost ?? "127.0.0.1:1");
        fixture._broker.Register(fixture.PubSub, redisHost is null
            ? PubSubStores.InMemory(fixture.PubSub)
            : await PubSubStores.OpenAsync(fixture.PubSub, NullLogger.Instance));
        foreach (var app in fixture._apps) await app.StartAsync();
        await fixture._server.StartAsync();
        // Each instance subscribes once it listens, as the runner does for every instance it starts.
        foreach (var instance in fixture.Instances)
        {
            (await fixture._loader.LoadAsync(instance, CancellationToken.None)).ShouldBe(1);
        }

        return fixture;
    }

    public async Task PublishAsync(string eventId)
    {
        using var response = await CallerClient.PostAsync($"v1.0/publish/pubsub/{Topic}?metadata.cloudevent.id={eventId}",
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
    }

    public IEnumerable<string> EventsAt(string instanceId) => Hits.Where(h => h.Instance == instanceId && h.What != "invoke").Select(h => h.What);

    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }

    private AppSpec Spec(string appId, int instance) => new()
    {
        AppId = appId,
        AppDirectory = _directory,
        AppChannelAddress = "127.0.0.1",
        Command = [],
        Env = [],
        ResourcesPaths = [_directory],
        Instance = instance,
    };

    private WebApplication BuildApp(string instanceId, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/dapr/subscribe", () => Results.Content($$"""[{"pubsubname":"pubsub","topic":"{{Topic}}","route":"events/orders"}]""", "application/json"));
        app.MapGet("/whoami", () =>
        {
            Hits.Enqueue((instanceId, "invoke"));
            return instanceId;
        });
        app.MapPost("/events/orders", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var envelope = SidecarFixture.Json(await reader.ReadToEndAsync());
            Hits.Enqueue((instanceId, envelope.GetProperty("id").GetString()!));
            return Results.Json(new { status = "SUCCESS" });
        });
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        CallerClient.Dispose();
        await _broker.DisposeAsync();
        await _server.DisposeAsync();
        foreach (var app in _apps) await app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
