using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TokenPln.Deploy.Tests;

/// <summary>
/// The manifests give each app what it needs to run outside Development, and nothing else is assumed: each app's own
/// build runs with only the variables of its migration Job, then of its Deployment, with made-up secret values.
/// The one substitution: the database is a SQLite file instead of the Secret's PostgreSQL database, and no sidecar runs.
/// </summary>
public sealed partial class AppEnvironmentTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);
    private readonly string _data = Directory.CreateTempSubdirectory("tokenpln-deploy-env").FullName;

    public static TheoryData<string, string, string> Apps() => new()
    {
        { "production", "services/user-service", "TokenPln.UserService" },
        { "production", "services/master-service", "TokenPln.MasterService" },
        { "production", "services/transaction-service", "TokenPln.TransactionService" },
        { "production", "web/TokenPln.Web", "TokenPln.Web" },
        { "staging", "tools/iak-sandbox", "TokenPln.IakSandbox" },
    };

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task The_migration_job_and_then_the_deployment_run_the_app_outside_development_with_their_environment_alone(
        string overlay, string project, string assembly)
    {
        var rendered = Deploy.Render($"deploy/overlays/{overlay}");
        var migrations = Deploy.Render($"deploy/overlays/{overlay}/migrations");
        var job = migrations.SingleOrDefault(m => m.Name == $"{AppId(project)}-migrate");
        if (job is not null)
        {
            // The documented order: the Job first, then the Deployment (a service refuses to start on pending migrations).
            using var migrate = Start(project, assembly, Workloads.Containers(job).Single());
            var (exitCode, output) = await migrate.ExitAsync();
            exitCode.ShouldBe(0, output);
            output.ShouldContain("ready; applied");
        }

        var container = Workloads.Containers(Deploy.Single(rendered, "Deployment", AppId(project))).Single();
        using var app = Start(project, assembly, container, listenOnAnyFreePort: true);
        var address = await app.ListeningAddressAsync();

        using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) };
        var alive = await http.GetAsync(Workloads.Text(container["livenessProbe"]?["httpGet"]?["path"]));
        alive.StatusCode.ShouldBe(System.Net.HttpStatusCode.OK, await alive.Content.ReadAsStringAsync());
    }

    private static string AppId(string project) => project == "web/TokenPln.Web" ? "web-app" : Path.GetFileName(project);

    [Fact]
    public void Every_app_of_the_overlays_is_run_by_the_environment_test()
    {
        var tested = Apps().Select(row => $"{row[0]}/{AppId((string)row[1])}").Order();
        var deployed = new[] { "production", "staging" }
            .SelectMany(overlay => Deploy.Render($"deploy/overlays/{overlay}").Where(m => m.Kind == "Deployment").Select(m => (overlay, m.Name)))
            .GroupBy(d => d.Name).Select(g => $"{g.First().overlay}/{g.Key}").Order();

        tested.ShouldBe(deployed);
    }

    private AppProcess Start(string project, string assembly, JsonObject container, bool listenOnAnyFreePort = false)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Deploy.RepositoryRoot, project, "bin", configuration, "net10.0", assembly + ".dll");
        var arguments = container["args"]?.AsArray().Select(a => Workloads.Text(a)!).ToList() ?? [];
        var startInfo = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only the manifest's variables reach the app, not the test's (a developer's ASPNETCORE_ENVIRONMENT, say).
        foreach (var name in startInfo.Environment.Keys.Where(k => k is not ("PATH" or "HOME" or "DOTNET_ROOT")).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var variable in container["env"]?.AsArray().OfType<JsonObject>() ?? [])
        {
            var name = Workloads.Text(variable["name"])!;
            startInfo.Environment[name] = (variable["valueFrom"] as JsonObject) switch
            {
                { } from when from["secretKeyRef"] is JsonObject secret => SecretValue(Workloads.Text(secret["name"])!, Workloads.Text(secret["key"])!),
                { } from when Workloads.Text(from["fieldRef"]?["fieldPath"]) == "metadata.name" => $"{AppId(project)}-7d9f8b6c5-x2k4q",
                { } from => throw new InvalidOperationException($"{name} comes from {from.ToJsonString()}, which this test does not know"),
                null => Workloads.Text(variable["value"]),
            };
        }

        startInfo.Environment["Database__Provider"] = "Sqlite";
        startInfo.Environment.Remove($"ConnectionStrings__{AppId(project)}");
        startInfo.Environment["Database__DataDirectory"] = _data;
        if (listenOnAnyFreePort)
        {
            // Instead of the pod's fixed port: tests bind none.
            startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        }

        return new AppProcess(Process.Start(startInfo)!);
    }

    /// <summary>What an operator would put in each Secret, made up for the test (README: Running on Kubernetes).</summary>
    private static string SecretValue(string secret, string key) => (secret, key) switch
    {
        ("tokenpln-jwt", "signing-key") => "deploy-test-signing-key-0123456789abcdef0123456789",
        (_, "token") => "deploy-test-token-0123456789",
        ("tokenpln-databases", _) => "Host=unused",
        ("tokenpln-iak", "username") => "081200000000",
        ("tokenpln-iak", "api-key") => "deploy-test-iak-key",
        ("tokenpln-owner-bootstrap", "email") => "owner@deploy.test",
        ("tokenpln-owner-bootstrap", "password") => "Deploy#Test-Owner1",
        // Nothing listens there: the web app must start while its key ring's Redis is unreachable.
        ("tokenpln-web-data-protection", "redis") => "127.0.0.1:1,password=deploy-test-redis-password",
        _ => throw new InvalidOperationException($"The manifest reads {secret}/{key}, which this test does not know: add it here and to the README"),
    };

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningOn();

    private sealed class AppProcess : IDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _output = new();
        private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public AppProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) => Received(e.Data);
            _process.ErrorDataReceived += (_, e) => Received(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        private void Received(string? line)
        {
            if (line is null) return;
            lock (_output) _output.AppendLine(line);
            if (ListeningOn().Match(line) is { Success: true } match) _listening.TrySetResult(match.Groups[1].Value);
        }

        private string Output
        {
            get { lock (_output) return _output.ToString(); }
        }

        public async Task<(int ExitCode, string Output)> ExitAsync()
        {
            using var cancel = new CancellationTokenSource(Patience);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return (int.MinValue, $"did not exit within {Patience}: {Output}");
            }

            return (_process.ExitCode, Output);
        }

        public async Task<string> ListeningAddressAsync()
        {
            var exited = _process.WaitForExitAsync();
            var first = await Task.WhenAny(_listening.Task, exited, Task.Delay(Patience));
            if (first != _listening.Task)
            {
                throw new ShouldAssertException($"the app did not start listening ({(first == exited ? $"exit code {_process.ExitCode}" : "timed out")}): {Output}");
            }

            return await _listening.Task;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
