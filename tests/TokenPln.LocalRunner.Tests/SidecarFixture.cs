using System.Collections.Concurrent;
using System.Text.Json;
using Dapr.Client;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.LocalRunner.PubSub;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Sidecar;
using TokenPln.LocalRunner.Template;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner.Tests;

/// <summary>
/// Two sidecars over real loopback HTTP: "caller" (no app) and "orders" (a small recording app), with the
/// resources a test writes as YAML, loaded through the same loader the runner uses.
/// </summary>
internal sealed class SidecarFixture : IAsyncDisposable
{
    public const string Resources = """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: pubsub }
        spec:
          type: pubsub.redis
          version: v1
          metadata:
          - { name: redisHost, value: "localhost:6379" }
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: secrets }
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - { name: secretsFile, value: secrets.json }
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: { name: orderssecrets }
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - { name: secretsFile, value: secrets.json }
        scopes: [ orders ]
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata: { name: test }
        spec:
          policies:
            timeouts: { quick: 2s }
            retries:
              delivery: { policy: constant, duration: 50ms, maxRetries: 2 }
            circuitBreakers:
              cb: { maxRequests: 1, timeout: 30s, trip: consecutiveFailures >= 3 }
          targets:
            apps:
              flaky: { timeout: quick, circuitBreaker: cb }
            components:
              pubsub:
                inbound: { retry: delivery }
        """;

    /// <summary>The Configuration's secret scopes: <c>Denied</c> of the <c>secrets</c> store is kept from every app.</summary>
    public const string Configuration = """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata: { name: test }
        spec:
          secrets:
            scopes:
            - storeName: secrets
              defaultAccess: allow
              deniedSecrets: [ Denied ]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("runner-tests").FullName;
    private readonly WebApplication _server;
    private readonly WebApplication _app;
    private readonly Broker _broker;

    public ConcurrentQueue<(string Path, string ContentType, string Body)> Deliveries { get; } = new();
    public ConcurrentDictionary<string, int> Attempts { get; } = new();
    public Sidecar.Sidecar Caller { get; }
    public Sidecar.Sidecar Orders { get; }
    public HttpClient CallerClient { get; }
    public string? DaprApiToken { get; }
    public string? SubscribeDocument { get; set; }

    /// <summary>How many <c>GET /dapr/subscribe</c> requests the app drops (closes the connection) before it answers.</summary>
    public int SubscribeRequestsDropped { get; set; }

    private SidecarFixture(string? daprApiToken, string? appApiToken, string? redisHost)
    {
        // On a private Redis, with stalled deliveries reclaimed within a second rather than Dapr's minute.
        File.WriteAllText(Path.Combine(_directory, "resources.yaml"), redisHost is null ? Resources : Resources.Replace(
            """- { name: redisHost, value: "localhost:6379" }""",
            $$"""
            - { name: redisHost, value: "{{redisHost}}" }
              - { name: processingTimeout, value: 1s }
              - { name: redeliverInterval, value: 200ms }
            """, StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(_directory, "secrets.json"), """{"Jwt":{"SigningKey":"k1"},"plain":"v2","Denied":"scoped-out"}""");
        // Outside the resources folder, which is read whole.
        var configDirectory = Directory.CreateTempSubdirectory("runner-tests-config").FullName;
        var configFile = Path.Combine(configDirectory, "config.yaml");
        File.WriteAllText(configFile, Configuration);
        var secretScopes = ResourceSet.LoadSecretScopes(configFile);
        Directory.Delete(configDirectory, recursive: true);
        var resources = ResourceSet.Load([_directory]);
        DaprApiToken = daprApiToken;
        using var ports = new PortReservation();
        var ordersPort = ports.Next();
        _app = BuildApp(ordersPort);

        Caller = new Sidecar.Sidecar(Spec("caller"), 0, ports.Next(), resources, TimeProvider.System) { GrpcPort = ports.Next(), SecretScopes = secretScopes };
        Orders = new Sidecar.Sidecar(Spec("orders"), ordersPort, ports.Next(), resources, TimeProvider.System)
        {
            AppRunning = true, AppApiToken = appApiToken, GrpcPort = ports.Next(), SecretScopes = secretScopes,
        };
        var flaky = new Sidecar.Sidecar(Spec("flaky"), ports.Next(), ports.Next(), resources, TimeProvider.System) { AppRunning = true, AppApiToken = appApiToken };
        var topology = new Topology(new Dictionary<string, Sidecar.Sidecar> { ["caller"] = Caller, ["orders"] = Orders, ["flaky"] = flaky },
            daprApiToken);
        var tracer = new Tracer(TracingSettings.Off, NullLogger<Tracer>.Instance);
        _broker = new Broker(tracer, NullLogger<Broker>.Instance);
        PubSub = resources.PubSubs.Single();
        if (redisHost is null) _broker.Register(PubSub);
        var secrets = new SecretResolver();
        var operations = new SidecarOperations(_broker, secrets, tracer, NullLogger<SidecarOperations>.Instance);
        var api = new SidecarApi(topology, new InvocationProxy(topology, secrets, tracer, NullLogger<InvocationProxy>.Instance), operations);
        _server = SidecarServer.Build(topology, api, operations, null, 4 * 1024 * 1024);
        CallerClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Caller.HttpPort}/"), Timeout = TimeSpan.FromSeconds(20) };
        Loader = new SubscriptionLoader(_broker, new Processes.ConsoleOutput([]));
    }

    public SubscriptionLoader Loader { get; }

    public PubSubComponent PubSub { get; }

    /// <summary>What serves the pub/sub component: the runner's memory, or the Redis at <paramref name="redisHost"/> when it answers.</summary>
    public string PubSubDescription { get; private set; } = "in-process";

    public static async Task<SidecarFixture> StartAsync(string? daprApiToken = null, string? appApiToken = null, string? redisHost = null)
    {
        var fixture = new SidecarFixture(daprApiToken, appApiToken, redisHost);
        if (redisHost is not null)
        {
            var store = await PubSubStores.OpenAsync(fixture.PubSub, NullLogger.Instance);
            fixture.PubSubDescription = store.Description;
            fixture._broker.Register(fixture.PubSub, store);
        }

        await fixture._app.StartAsync();
        await fixture._server.StartAsync();
        return fixture;
    }

    /// <summary>
    /// The real Dapr SDK client of an app, pointed at its sidecar's HTTP and gRPC ports as <c>AddDaprClient</c> would be
    /// from DAPR_HTTP_PORT and DAPR_GRPC_PORT; with the fixture's own API token unless another one is given.
    /// </summary>
    public DaprClient DaprClientOf(Sidecar.Sidecar sidecar, string? apiToken = null)
    {
        var builder = new DaprClientBuilder()
            .UseHttpEndpoint($"http://127.0.0.1:{sidecar.HttpPort}")
            .UseGrpcEndpoint($"http://127.0.0.1:{sidecar.GrpcPort}");
        if ((apiToken ?? DaprApiToken) is { } token)
        {
            builder.UseDaprApiToken(token);
        }

        return builder.Build();
    }

    public Task<int> LoadSubscriptionsAsync() => Loader.LoadAsync(Orders, CancellationToken.None);

    public async Task<T> EventuallyAsync<T>(Func<T?> probe, TimeSpan? within = null) where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value) return value;
            await Task.Delay(20);
        }

        throw new TimeoutException("Condition not met in time.");
    }

    private AppSpec Spec(string id) => new()
    {
        AppId = id,
        AppDirectory = _directory,
        AppChannelAddress = "127.0.0.1",
        Command = [],
        Env = [],
        ResourcesPaths = [_directory],
    };

    private WebApplication BuildApp(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/dapr/subscribe", (HttpContext context) =>
        {
            if (SubscribeRequestsDropped-- > 0)
            {
                context.Abort();
                return Results.Empty;
            }

            return Results.Content(SubscribeDocument ?? "[]", "application/json");
        });
        app.Map("/echo/{**rest}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var status = int.TryParse(context.Request.Query["status"], out var s) ? s : 200;
            context.Response.StatusCode = status;
            context.Response.Headers["X-Echo"] = "yes";
            await context.Response.WriteAsJsonAsync(new
            {
                method = context.Request.Method,
                path = context.Request.Path.Value,
                rawTarget = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget,
                query = context.Request.QueryString.Value,
                body,
                headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            });
        });
        app.MapPost("/events/{name}", async (string name, HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var attempt = Attempts.AddOrUpdate(name, 1, (_, n) => n + 1);
            Deliveries.Enqueue((name, context.Request.ContentType ?? "", body));
            return name switch
            {
                "retry-once" when attempt == 1 => Results.Json(new { status = "RETRY" }),
                "fail-once" when attempt == 1 => Results.StatusCode(500),
                "lowercase" when attempt == 1 => Results.Json(new { status = "success" }),
                "drop" => Results.Json(new { status = "DROP" }),
                "always-500" => Results.StatusCode(500),
                _ => Results.Json(new { status = "SUCCESS" }),
            };
        });
        return app;
    }

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    public async ValueTask DisposeAsync()
    {
        CallerClient.Dispose();
        await _broker.DisposeAsync();
        await _server.DisposeAsync();
        await _app.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
