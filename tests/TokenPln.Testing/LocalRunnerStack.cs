using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenPln.Testing;

/// <summary>
/// The system as a new user runs it: the local runner as a real process, reading the repository's dapr.yaml
/// and components/, with free ports and a throw-away data folder so stacks can run side by side.
/// </summary>
public partial class LocalRunnerStack : Xunit.IAsyncLifetime
{
    /// <summary>The apps of dapr.yaml to start; all when empty.</summary>
    protected virtual IReadOnlyList<string> OnlyApps => [];

    /// <summary>
    /// Whether a stack of <c>dapr.yaml</c> starts the web app as well. Only the end-to-end tests drive it; every other
    /// stack leaves it out, so that the back-end tests neither wait for it nor share the machine with it.
    /// </summary>
    protected virtual bool IncludesWebApp => false;

    private static readonly string[] BackEndApps = ["user-service", "master-service", "transaction-service", "iak-sandbox"];

    private IReadOnlyList<string> AppsToStart => OnlyApps.Count > 0 || TemplateFile is not null || IncludesWebApp ? OnlyApps : BackEndApps;

    /// <summary>The run template, relative to the repository; the repository's dapr.yaml when null.</summary>
    protected virtual string? TemplateFile => null;

    /// <summary>Settings given to every app, as <c>--env KEY=VALUE</c>; they win over the test database's defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    /// <summary>Variables of the runner's own environment, such as <c>DAPR_API_TOKEN</c>, which the apps inherit as under <c>dapr run</c>.</summary>
    protected virtual IReadOnlyDictionary<string, string> RunnerEnvironment => new Dictionary<string, string>();

    /// <summary>
    /// Starts the runner as the leader of a process group of its own (<c>setsid</c>), as systemd or a container runtime
    /// does, so that <see cref="SignalProcessGroupAsync"/> reaches the runner and every app without touching the tests.
    /// </summary>
    protected virtual bool OwnProcessGroup => false;

    /// <summary>
    /// Serve pub/sub in the runner's memory even when a Redis answers at the components' redisHost (a developer's
    /// <c>dapr init</c>): stacks running side by side share app ids, and would otherwise share consumer groups and streams.
    /// </summary>
    protected virtual bool InProcessPubSub => true;

    /// <summary>Instances per app id, as <c>--replicas app=N</c>; one of each app not named.</summary>
    protected virtual IReadOnlyDictionary<string, int> Replicas => new Dictionary<string, int>();

    /// <summary>How long the stack may take to come up, and any wait that names no bound of its own.</summary>
    /// <remarks>
    /// A bound on a start that never happens, not a measure of speed. In CI's PostgreSQL pass the stacks start beside a functional
    /// suite that keeps both cores busy; there the four apps of a stack were seen to take more than 90 s to listen (a sandbox with
    /// no database took 28 s to be ready).
    /// </remarks>
    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(180);

    /// <summary>
    /// Whether an app counts as up only when every health check is Healthy. A stack of transaction-service alone (the
    /// dashboard benchmark) never gets master-service's product copy and stays Degraded, which is all it needs.
    /// </summary>
    protected virtual bool RequiresEveryCheckHealthy => true;

    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("tokenpln-system").FullName;
    private Process? _runner;
    private bool _started;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();
    public HttpClient Control { get; private set; } = null!;
    /// <summary>The first instance of each app (the one with the template's ports).</summary>
    public Dictionary<string, AppInfo> Apps { get; private set; } = [];

    /// <summary>Every instance of every app, <see cref="Replicas"/> of each, as listed at start (ids and ports; <c>GET apps</c> of <see cref="Control"/> for pids).</summary>
    public List<AppInfo> Instances { get; private set; } = [];
    public int RunnerProcessId => _runner!.Id;
    public string Output => string.Join(Environment.NewLine, _output);

    public virtual async Task InitializeAsync()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var runnerDll = Path.Combine(RepositoryRoot, "tools", "local-runner", "bin", configuration, "net10.0", "tokenpln-runner.dll");
        var startInfo = new ProcessStartInfo(OwnProcessGroup ? "setsid" : "dotnet",
        [
            // --wait: should setsid have to fork, the process the tests hold still ends with the runner and its exit code.
            .. (OwnProcessGroup ? new[] { "--wait", "dotnet" } : []),
            runnerDll, "--no-build", "--random-ports", "--control-port", "0", "--configuration", configuration,
            .. (InProcessPubSub ? new[] { "--in-process-pubsub" } : []),
            "--env", $"Database__DataDirectory={_dataDirectory}",
            .. AppsToStart.SelectMany(app => new[] { "--app", app }),
            .. DatabaseSettings().Concat(Settings).SelectMany(setting => new[] { "--env", $"{setting.Key}={setting.Value}" }),
            .. (TemplateFile is null ? Array.Empty<string>() : ["--file", Path.Combine(RepositoryRoot, TemplateFile)]),
            .. Replicas.SelectMany(replica => new[] { "--replicas", $"{replica.Key}={replica.Value}" }),
        ])
        {
            WorkingDirectory = RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in RunnerEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        _runner = Process.Start(startInfo)!;
        _runner.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _runner.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _runner.BeginOutputReadLine();
        _runner.BeginErrorReadLine();

        var controlUrl = await WaitFor(() => _output.Select(l => ControlLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value,
            "the runner's control API");
        // Starting an app waits until it listens, which the runner itself bounds (60 s); on a loaded machine, with a PostgreSQL
        // run of every other test project beside it, a restart has been seen to take longer than 30 s.
        Control = new HttpClient { BaseAddress = new Uri(controlUrl + "/"), Timeout = TimeSpan.FromSeconds(120) };
        Instances = (await Control.GetFromJsonAsync<List<AppInfo>>("apps"))!;
        Apps = Instances.GroupBy(a => a.AppId).ToDictionary(g => g.Key, g => g.First());
        foreach (var app in Apps.Values)
        {
            await WaitForAsync(async () => await IsHealthyAsync(app.Sidecar, app.AppId) ? "up" : null, $"{app.AppId} healthy through its sidecar");
        }

        // Invocation by app id may answer from any instance, so each further one is asked on its own port.
        foreach (var instance in Instances.Except(Apps.Values).Where(i => i.AppPort is not null))
        {
            await WaitForAsync(async () => await IsHealthyAsync(new Uri($"http://127.0.0.1:{instance.AppPort}/health")) ? "up" : null,
                $"{instance.InstanceId} healthy on its own port");
        }

        // Each service logs its provider when its schema is ready; a PostgreSQL run must not quietly fall back to SQLite.
        var expectedProvider = TestDatabase.IsPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite";
        var servicesWithDatabase = Apps.Keys.Count(id => id.EndsWith("-service", StringComparison.Ordinal));
        await WaitFor(() => _output.Count(l => l.Contains($"({expectedProvider}) ready", StringComparison.Ordinal)) >= servicesWithDatabase ? "ready" : null,
            $"{servicesWithDatabase} services to report {expectedProvider}");
        _started = true;
    }

    /// <summary>On PostgreSQL, one fresh database per service, as in production.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> DatabaseSettings()
    {
        if (!TestDatabase.IsPostgres) yield break;
        yield return new("Database__Provider", "Postgres");
        foreach (var service in new[] { "user-service", "master-service", "transaction-service" })
        {
            yield return new($"ConnectionStrings__{service}", TestDatabase.CreatePostgresDatabase());
        }
    }

    /// <summary>Stops an app gracefully (SIGTERM), or kills it (SIGKILL) when <paramref name="kill"/> is set, through the runner.</summary>
    public async Task StopAppAsync(string appId, bool kill = false)
    {
        using var response = await Control.PostAsync($"apps/{appId}/{(kill ? "kill" : "stop")}", null);
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"The runner would not {(kill ? "kill" : "stop")} {appId}: {(int)response.StatusCode}.");
        }
    }

    /// <summary>Starts a stopped app again and waits until it answers its health check through its sidecar.</summary>
    public async Task StartAppAsync(string appId)
    {
        using (var response = await Control.PostAsync($"apps/{appId}/start", null))
        {
            if (response.StatusCode != System.Net.HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"The runner would not start {appId}: {(int)response.StatusCode}.");
            }
        }

        await WaitForAsync(async () => await IsHealthyAsync(Apps[appId].Sidecar, appId) ? "up" : null, $"{appId} healthy again");
    }

    /// <summary>A client of an app's sidecar, carrying <c>dapr-api-token</c> when the run requires one.</summary>
    public HttpClient SidecarOf(string appId) => SidecarClient(Apps[appId].DaprHttpPort, TimeSpan.FromSeconds(30));

    private HttpClient SidecarClient(int port, TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = timeout };
        if (RunnerEnvironment.TryGetValue("DAPR_API_TOKEN", out var token)) client.DefaultRequestHeaders.Add("dapr-api-token", token);
        return client;
    }

    public async Task<JsonElement> HealthAsync(string appId)
    {
        using var sidecar = SidecarOf(appId);
        return JsonDocument.Parse(await sidecar.GetStringAsync($"v1.0/invoke/{appId}/method/health")).RootElement.Clone();
    }

    /// <summary>What a cashier's terminal sends when Ctrl+C is pressed: SIGINT, here as SIGTERM, which the runner treats alike.</summary>
    public async Task<int> StopRunnerAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", _runner!.Id.ToString()]);
        await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _runner.WaitForExitAsync(timeout.Token);
        return _runner.ExitCode;
    }

    /// <summary>
    /// What systemd or a container runtime does to stop the run: SIGTERM to every process of the group at once, the
    /// runner and each app. Needs <see cref="OwnProcessGroup"/>. Returns the runner's exit code.
    /// </summary>
    public async Task<int> SignalProcessGroupAsync(TimeSpan within)
    {
        if (!OwnProcessGroup) throw new InvalidOperationException("The runner shares the tests' process group; signalling it would stop the tests.");
        // The apps are the runner's children and share its group, whatever process setsid left the tests holding.
        var group = ProcessGroupOf(Apps.Values.First(a => a.Pid is not null).Pid!.Value);
        if (group == ProcessGroupOf(Environment.ProcessId)) throw new InvalidOperationException("The runner shares the tests' process group.");
        using (var kill = Process.Start("kill", ["-TERM", "--", $"-{group}"]))
        {
            await kill.WaitForExitAsync();
            if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -TERM -- -{group} failed with {kill.ExitCode}.");
        }

        using var timeout = new CancellationTokenSource(within);
        await _runner!.WaitForExitAsync(timeout.Token);
        return _runner.ExitCode;
    }

    /// <summary>Field 5 of <c>/proc/&lt;pid&gt;/stat</c>, read after the command name, which may hold spaces.</summary>
    public static int ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? within = null) where T : class
    {
        var deadline = DateTime.UtcNow + (within ?? StartTimeout);
        while (DateTime.UtcNow < deadline)
        {
            if (_runner!.HasExited)
            {
                throw new InvalidOperationException($"The runner exited with {_runner.ExitCode} while waiting for {what}.\n{Output}");
            }

            if (await probe() is { } value) return value;
            if (!_started && _output.FirstOrDefault(l => l.Contains("exited unexpectedly", StringComparison.Ordinal)) is { } crash)
            {
                throw new InvalidOperationException($"An app crashed while the stack started ({crash}).\n{Output}");
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out waiting for {what}.\n{Output}");
    }

    public Task<T> WaitFor<T>(Func<T?> probe, string what) where T : class => WaitForAsync(() => Task.FromResult(probe()), what);

    /// <summary>
    /// Answers its health check through its sidecar with every check Healthy, not merely Degraded: a copy still empty
    /// (shifts, products) answers 200 too, and a test that sells before the product list arrived would be refused.
    /// </summary>
    private Task<bool> IsHealthyAsync(int port, string appId) =>
        IsHealthyAsync(new Uri($"http://127.0.0.1:{port}/v1.0/invoke/{appId}/method/health"));

    private async Task<bool> IsHealthyAsync(Uri health)
    {
        using var client = SidecarClient(health.Port, TimeSpan.FromSeconds(5));
        try
        {
            using var response = await client.GetAsync(health.PathAndQuery);
            if (response.StatusCode != System.Net.HttpStatusCode.OK) return false;
            var body = await response.Content.ReadAsStringAsync();
            // Apps other than the services (the sandbox, the event recorder) may answer plain text.
            return !body.TrimStart().StartsWith('{')
                || !JsonDocument.Parse(body).RootElement.TryGetProperty("status", out var status) || status.GetString() == "Healthy"
                || (!RequiresEveryCheckHealthy && status.GetString() == "Degraded");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Refused or too slow to answer yet (a loaded machine): not up, ask again until the deadline.
            return false;
        }
    }

    public virtual async Task DisposeAsync()
    {
        Control?.Dispose();
        if (_runner is { HasExited: false })
        {
            try
            {
                await StopRunnerAsync();
            }
            catch (OperationCanceledException)
            {
                // It did not stop in time: leave nothing behind for the next test.
                _runner.Kill(entireProcessTree: true);
            }
        }

        _runner?.Dispose();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "dapr.yaml")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("dapr.yaml not found above the test output.");
    }

    [GeneratedRegex(@"control API listening on (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ControlLine();

    public sealed record AppInfo(string AppId, int? AppPort, int DaprHttpPort, int? Pid, bool Running, string? InstanceId = null)
    {
        public int Sidecar => DaprHttpPort;
    }
}
