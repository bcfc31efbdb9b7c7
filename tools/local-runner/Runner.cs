using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using TokenPln.LocalRunner.Control;
using TokenPln.LocalRunner.Processes;
using TokenPln.LocalRunner.PubSub;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Sidecar;
using TokenPln.LocalRunner.Template;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner;

internal sealed record RunnerOptions(
    string TemplateFile,
    string Configuration,
    bool Build,
    bool RandomPorts,
    int? ControlPort,
    IReadOnlyDictionary<string, string> ExtraEnv,
    IReadOnlyList<string> OnlyApps,
    TimeSpan StartTimeout,
    bool InProcessPubSub = false,
    IReadOnlyDictionary<string, int>? Replicas = null);

/// <summary>Starts every app of <c>dapr.yaml</c> beside its stand-in sidecar, and stops them all again.</summary>
internal sealed class Runner(RunnerOptions options) : IAsyncDisposable
{
    /// <summary>
    /// How long a stopping app may take before it is killed: longer than the apps' own host ShutdownTimeout (15 s),
    /// so an app finishing its requests in flight is never cut off by the runner.
    /// </summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(20);

    private readonly Dictionary<string, ManagedApp> _apps = [];
    private ConsoleOutput _output = new([]);
    private WebApplication? _server;
    private Broker? _broker;
    private Tracer? _tracer;
    private SubscriptionLoader? _subscriptions;
    private volatile bool _stopping;

    public async Task<int> RunAsync(CancellationToken shutdown)
    {
        var template = RunTemplate.Load(options.TemplateFile).Only(options.OnlyApps);
        var replicas = options.Replicas ?? new Dictionary<string, int>();
        ReplicaArguments.Validate(replicas, template);
        var instances = Instances(template, replicas);
        _output = new ConsoleOutput(instances.Select(OutputName));
        // Held until the sidecars bind theirs, so that no port of this run is handed out twice.
        using var ports = new PortReservation();
        var movedPorts = AssignPorts(template, ports);
        AssignInstancePorts(instances, ports);

        var resources = template.Apps.ToDictionary(a => a.AppId, a => ResourceSet.Load(a.ResourcesPaths).WithLoopbackPortsMoved(movedPorts));
        var configFiles = template.Apps.Select(a => a.ConfigFile).Distinct().ToList();
        if (configFiles.Count > 1)
        {
            throw new RunnerConfigurationException("Apps with different configFilePath are not supported by the local runner.");
        }

        var tracing = ResourceSet.LoadTracing(configFiles[0]);
        var secretScopes = ResourceSet.LoadSecretScopes(configFiles[0]);
        DescribeResources(resources, tracing, configFiles[0]);
        var assemblies = await AppBuilder.BuildAsync(template.Apps, options.Configuration, options.Build, _output, shutdown);

        var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new RunnerLoggerProvider(_output)).SetMinimumLevel(LogLevel.Information));
        _tracer = new Tracer(tracing, loggerFactory.CreateLogger<Tracer>());
        var daprApiToken = NullIfEmpty(Environment.GetEnvironmentVariable("DAPR_API_TOKEN"));
        _broker = new Broker(_tracer, loggerFactory.CreateLogger<Broker>());
        // Components on one Redis host share one store, as they share its streams under real Dapr: a component that differs
        // only in its consumerID (one group per instance) reads the topics the others publish.
        var stores = new Dictionary<string, IPubSubStore>();
        foreach (var pubSub in resources.Values.SelectMany(r => r.PubSubs).DistinctBy(p => p.Name))
        {
            if (!stores.TryGetValue(pubSub.StoreKey, out var store))
            {
                store = stores[pubSub.StoreKey] = options.InProcessPubSub
                    ? PubSubStores.InMemory(pubSub, "--in-process-pubsub")
                    : await PubSubStores.OpenAsync(pubSub, loggerFactory.CreateLogger<Broker>());
                _output.Line("runner", store.Description);
            }
            else
            {
                _output.Line("runner", $"component {pubSub.Name} ({pubSub.Type}) shares the store above (same Redis host)");
            }

            _broker.Register(pubSub, store);
        }

        var sidecars = instances.ToDictionary(a => a.InstanceId,
            a => new Sidecar.Sidecar(a, a.AppPort ?? 0, a.DaprHttpPort!.Value, resources[a.AppId], TimeProvider.System)
            {
                AppApiToken = AppApiTokenFor(a),
                GrpcPort = a.DaprGrpcPort!.Value,
                SecretScopes = secretScopes,
            });
        var topology = new Topology(sidecars.Values, daprApiToken);
        _subscriptions = new SubscriptionLoader(_broker, _output);
        var secrets = new SecretResolver();
        var operations = new SidecarOperations(_broker, secrets, _tracer, loggerFactory.CreateLogger<SidecarOperations>());
        var api = new SidecarApi(topology, new InvocationProxy(topology, secrets, _tracer, loggerFactory.CreateLogger<InvocationProxy>()), operations);

        var controlPort = options.ControlPort is 0 ? ports.Next() : options.ControlPort;
        _server = SidecarServer.Build(topology, api, operations, controlPort is { } cp ? (cp, new ControlApi(this)) : null, template.Apps.Max(a => a.MaxBodyBytes));
        ports.Dispose();
        await _server.StartAsync(shutdown);
        if (controlPort is not null)
        {
            _output.Line("runner", $"control API listening on http://127.0.0.1:{controlPort}");
        }

        foreach (var app in instances)
        {
            _apps[app.InstanceId] = new ManagedApp(app, OutputName(app), sidecars[app.InstanceId],
                CreateStartInfo(app, assemblies.GetValueOrDefault(app.AppId), sidecars[app.InstanceId]));
        }

        try
        {
            // Apps side by side, but the instances of one app one after another: the first migrates its database before the
            // others open it, as pods roll out after the migration Job.
            await Task.WhenAll(_apps.Values.GroupBy(a => a.Spec.AppId).Select(async group =>
            {
                foreach (var instance in group) await StartOrReportAsync(instance, shutdown);
            }));
            PrintSummary();
            await Task.Delay(Timeout.Infinite, shutdown);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // Also while apps are still starting: those already started are stopped like the rest, not killed.
        }

        _output.Line("runner", "stopping all apps…");
        await StopAllAsync();
        return 0;
    }

    public IEnumerable<object> DescribeApps() => _apps.Values.Select(a => new
    {
        appId = a.Spec.AppId,
        instanceId = a.Spec.InstanceId,
        appPort = a.Spec.AppPort,
        daprHttpPort = a.Spec.DaprHttpPort,
        daprGrpcPort = a.Spec.DaprGrpcPort,
        pid = a.Process?.ProcessId,
        running = a.Sidecar.AppRunning,
    });

    public IEnumerable<object> DescribePubSub() => _broker?.Describe() ?? [];

    /// <summary>An instance by its id (<c>transaction-service-2</c>), or an app id for its first instance.</summary>
    private ManagedApp? Find(string name) =>
        _apps.GetValueOrDefault(name) ?? _apps.Values.FirstOrDefault(a => a.Spec.AppId == name && a.Spec.Instance == 1);

    public async Task<bool> StartAppAsync(string appId, CancellationToken cancellationToken)
    {
        if (_stopping || Find(appId) is not { } app) return false;
        if (app is { StopRequested: true, Process: { IsRunning: true } stopping })
        {
            // Killed or stopped a moment ago and not yet gone: a start asked for now means "once it has exited".
            try
            {
                await stopping.Completion.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        if (app.Process?.IsRunning == true) return false;
        _output.Line("runner", $"starting {appId} on request");
        await StartAppAsync(app, cancellationToken);
        return true;
    }

    public async Task<bool> StopAppAsync(string appId, bool kill)
    {
        if (Find(appId) is not { } app || app.Process?.IsRunning != true) return false;
        _output.Line("runner", $"{(kill ? "killing" : "stopping")} {appId} on request");
        app.StopRequested = true;
        app.Sidecar.AppRunning = false;
        if (kill) app.Process.Kill();
        else await app.Process.StopAsync(StopGrace);
        return true;
    }

    /// <summary>
    /// The first stop signal, called from the signal handler before anything else: the apps may have had the same
    /// signal (Ctrl+C, or systemd and container runtimes signal the whole process group), so from now on an app's
    /// exit is its requested stop, never an unexpected one.
    /// </summary>
    public void BeginStopping() => _stopping = true;

    /// <summary>The second Ctrl+C: no more waiting, every child dies now.</summary>
    public void KillAll()
    {
        foreach (var app in _apps.Values)
        {
            app.StopRequested = true;
            app.Process?.Kill();
        }
    }

    private async Task StartAppAsync(ManagedApp app, CancellationToken cancellationToken)
    {
        var process = new AppProcess(app.Name, app.StartInfo, _output);
        app.StopRequested = false;
        process.Exited += code =>
        {
            app.Sidecar.AppRunning = false;
            _output.Line("runner", app.StopRequested || _stopping
                ? $"{app.Name} stopped (exit code {code})"
                : $"ERROR {app.Name} exited unexpectedly with code {code}; it is not restarted (start it with the control API or rerun)");
        };
        app.Process = process;
        process.Start();
        if (app.Spec.AppPort is not { } port)
        {
            return;
        }

        var started = Stopwatch.StartNew();
        var warnedSlow = false;
        while (!await TcpProbe.ListensAsync(app.Spec.AppChannelAddress, port, TimeSpan.FromSeconds(1)))
        {
            if (!process.IsRunning)
            {
                _output.Line("runner", $"ERROR {app.Name} exited before listening on port {port}");
                return;
            }

            if (!warnedSlow && started.Elapsed > options.StartTimeout)
            {
                // Never given up on while it runs: an app that listens late (a loaded machine, a slow database) must still
                // be served by its sidecar, not be reported as "not running" for the rest of the run.
                _output.Line("runner", $"WARN {app.Name} has not listened on port {port} within {options.StartTimeout.TotalSeconds:0}s; still waiting");
                warnedSlow = true;
            }

            await Task.Delay(200, cancellationToken);
        }

        app.Sidecar.AppRunning = true;
        var subscriptions = await _subscriptions!.LoadAsync(app.Sidecar, cancellationToken);
        _output.Line("runner", $"{app.Name} ready in {started.Elapsed.TotalSeconds:0.0}s with {subscriptions} subscription(s): " +
                               $"{AddressOf(app.Spec.AppId, port)} (sidecar http://127.0.0.1:{app.Spec.DaprHttpPort})");
        if (IsWebApp(app.Spec.AppId))
        {
            _output.Line("runner", $"open the web app: {AddressOf(app.Spec.AppId, port)}");
        }
    }

    /// <summary>One app that cannot be started is reported; the others, and the runner, go on.</summary>
    private async Task StartOrReportAsync(ManagedApp app, CancellationToken shutdown)
    {
        try
        {
            await StartAppAsync(app, shutdown);
        }
        catch (Exception ex) when (!shutdown.IsCancellationRequested)
        {
            _output.Line("runner", $"ERROR {app.Name} could not be started: {ex.Message}");
        }
    }

    private async Task StopAllAsync()
    {
        _stopping = true;
        foreach (var app in _apps.Values)
        {
            app.StopRequested = true;
            app.Sidecar.AppRunning = false;
        }

        // Every app that was started, running or not: one that stopped on its own signal may still be writing its last lines.
        await Task.WhenAll(_apps.Values.Where(a => a.Process is not null).Select(a => a.Process!.StopAsync(StopGrace)));
        _output.Line("runner", "all apps stopped");
    }

    /// <summary>
    /// The token the app's sidecar presents to it: <c>APP_API_TOKEN</c> when the run was given one (as daprd reads it from
    /// its environment), otherwise one of its own, random, for this run only, so that no sidecar-only route of any app is
    /// open to other callers on the machine.
    /// </summary>
    private string AppApiTokenFor(AppSpec app) =>
        options.ExtraEnv.GetValueOrDefault("APP_API_TOKEN") is { Length: > 0 } given ? given
        : NullIfEmpty(Environment.GetEnvironmentVariable("APP_API_TOKEN"))
          ?? $"run-{app.AppId}-{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant()}";

    internal ProcessStartInfo CreateStartInfo(AppSpec app, string? assembly, Sidecar.Sidecar sidecar)
    {
        if (app.Command.Count == 0)
        {
            throw new RunnerConfigurationException($"{app.AppId}: command is required.");
        }

        var startInfo = assembly is not null
            // `dotnet run [run options] -- [app arguments]`: only what follows "--" is the app's.
            ? new ProcessStartInfo("dotnet", [assembly, .. app.Command.SkipWhile(a => a != "--").Skip(1)])
            : new ProcessStartInfo(app.Command[0], app.Command.Skip(1));
        startInfo.WorkingDirectory = app.AppDirectory;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;

        var env = startInfo.Environment;
        foreach (var (key, value) in app.Env) env[key] = value;
        env["APP_ID"] = app.AppId;
        if (app.AppPort is { } appPort) env["APP_PORT"] = appPort.ToString();
        env["DAPR_HTTP_PORT"] = app.DaprHttpPort.ToString();
        env["DAPR_GRPC_PORT"] = app.DaprGrpcPort.ToString();
        env["APP_CHANNEL_ADDRESS"] = app.AppChannelAddress;
        env["APP_PROTOCOL"] = "http";
        if (app.MetricsPort is { } metrics) env["DAPR_METRICS_PORT"] = metrics.ToString();
        foreach (var (key, value) in options.ExtraEnv) env[key] = value;
        env["APP_API_TOKEN"] = sidecar.AppApiToken;
        // After --env: every instance must know itself apart from the others (leases, per-instance consumer ids, logs).
        env["Instance__Id"] = app.InstanceId;
        // The apps log through their own console logger; coloured escape codes would garble the prefixed output.
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        return startInfo;
    }

    /// <returns>Template app ports moved by <c>--random-ports</c>, old to new.</returns>
    internal Dictionary<int, int> AssignPorts(RunTemplate template, PortReservation ports)
    {
        var moved = new Dictionary<int, int>();
        foreach (var app in template.Apps)
        {
            if (options.RandomPorts)
            {
                if (app.AppPort is { } original)
                {
                    app.AppPort = moved[original] = ports.Next();
                }

                app.DaprHttpPort = ports.Next();
                app.DaprGrpcPort = ports.Next();
                continue;
            }

            foreach (var (port, what) in new[] { (app.AppPort, "app port"), (app.DaprHttpPort, "sidecar HTTP port"), (app.DaprGrpcPort, "sidecar gRPC port") })
            {
                if (port is { } p && !IsFree(p))
                {
                    throw new RunnerConfigurationException($"{app.AppId}: {what} {p} is already in use (is another run still going?).");
                }
            }

            app.DaprHttpPort ??= ports.Next();
            app.DaprGrpcPort ??= ports.Next();
        }

        return moved;
    }

    /// <summary>Each app of the template followed by its further instances (<c>--replicas</c>); the first keeps the template's ports.</summary>
    internal static List<AppSpec> Instances(RunTemplate template, IReadOnlyDictionary<string, int> replicas) =>
        template.Apps.SelectMany(app => Enumerable.Range(1, replicas.GetValueOrDefault(app.AppId, 1))
            .Select(n => n == 1 ? app : app.WithInstance(n))).ToList();

    /// <summary>Further instances listen on free ports of their own: the template's belong to the first, so the README's addresses hold.</summary>
    internal static void AssignInstancePorts(IEnumerable<AppSpec> instances, PortReservation ports)
    {
        foreach (var instance in instances.Where(i => i.Instance > 1))
        {
            if (instance.AppPort is not null) instance.AppPort = ports.Next();
            instance.DaprHttpPort = ports.Next();
            instance.DaprGrpcPort = ports.Next();
        }
    }

    private string OutputName(AppSpec app) =>
        (options.Replicas?.GetValueOrDefault(app.AppId, 1) ?? 1) > 1 ? app.InstanceId : app.AppId;

    private void DescribeResources(Dictionary<string, ResourceSet> resources, TracingSettings tracing, string? configFile)
    {
        var all = resources.Values.Distinct().ToList();
        foreach (var store in all.SelectMany(r => r.SecretStores).DistinctBy(s => s.Name))
        {
            _output.Line("runner", $"component {store.Name} ({store.Type}) served by the runner{(store.SecretsFile is null ? "" : $" from {store.SecretsFile}")}");
        }

        foreach (var endpoint in all.SelectMany(r => r.HttpEndpoints).DistinctBy(h => h.Name))
        {
            _output.Line("runner", $"HTTPEndpoint {endpoint.Name} -> {endpoint.BaseUrl}{(endpoint.MovedFromPort is { } from ? $" (moved from port {from} with its app by --random-ports)" : "")}");
        }

        foreach (var resiliency in all.SelectMany(r => r.Resiliencies).DistinctBy(r => r.Name))
        {
            _output.Line("runner", $"resiliency {resiliency.Name}: {resiliency.AppTargets.Count} app target(s), " +
                                   $"{resiliency.PubSubInbound.Count} pub/sub inbound policy(ies)");
        }

        _output.Line("runner", tracing.ZipkinEndpoint is null && !tracing.Stdout
            ? $"tracing: trace context propagated, no exporter ({configFile ?? "no configuration file"})"
            : $"tracing: sampling {tracing.SamplingRate:P0}{(tracing.ZipkinEndpoint is null ? "" : $", spans to {tracing.ZipkinEndpoint}")}{(tracing.Stdout ? ", spans to stdout" : "")}");
        _output.Line("runner", "gRPC API (dapr.proto.runtime.v1.Dapr, h2c) served on each app's DAPR_GRPC_PORT: publish, bulk publish, " +
                               "secrets, bulk secrets, metadata, shutdown; any other method answers Unimplemented");
    }

    private void PrintSummary()
    {
        _output.Line("runner", "app                   app port  sidecar     gRPC  open");
        foreach (var app in _apps.Values)
        {
            _output.Line("runner", $"{app.Name,-21} {app.Spec.AppPort,8}  {app.Spec.DaprHttpPort,7}  {app.Spec.DaprGrpcPort,7}  " +
                                   (app.Spec.AppPort is { } p ? AddressOf(app.Spec.AppId, p) : "-"));
        }

        // Last, so that the address a new user needs is the line they see when the start-up has scrolled by.
        foreach (var app in _apps.Values.Where(a => IsWebApp(a.Spec.AppId) && a.Spec.Instance == 1 && a.Spec.AppPort is not null))
        {
            _output.Line("runner", $"web app: {AddressOf(app.Spec.AppId, app.Spec.AppPort!.Value)} (sign in as owner@tokenpln.local; the Development password is Bootstrap:OwnerPassword in components/secrets.development.json)");
        }

        _output.Line("runner", "press Ctrl+C to stop every app");
    }

    /// <summary>The app a person opens in a browser: it serves pages, not Swagger.</summary>
    public const string WebAppId = "web-app";

    public static bool IsWebApp(string appId) => appId == WebAppId;

    /// <summary>Where to open an app: the web app's pages, or a service's Swagger UI.</summary>
    public static string AddressOf(string appId, int port) =>
        IsWebApp(appId) ? $"http://localhost:{port}/" : $"http://127.0.0.1:{port}/swagger";

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    public async ValueTask DisposeAsync()
    {
        KillAll();
        if (_server is not null) await _server.DisposeAsync();
        if (_broker is not null) await _broker.DisposeAsync();
        if (_tracer is not null) await _tracer.DisposeAsync();
    }

    private sealed class ManagedApp(AppSpec spec, string name, Sidecar.Sidecar sidecar, ProcessStartInfo startInfo)
    {
        public AppSpec Spec { get; } = spec;

        /// <summary>How the runner's output names it: the app id, or the instance id when the app runs in several.</summary>
        public string Name { get; } = name;
        public Sidecar.Sidecar Sidecar { get; } = sidecar;
        public ProcessStartInfo StartInfo { get; } = startInfo;
        public AppProcess? Process { get; set; }
        public volatile bool StopRequested;
    }
}
