using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TokenPln.Deploy.Tests;

/// <summary>The migration Jobs give each service what its <c>migrate</c> command needs outside Development, and no more is assumed.</summary>
public sealed class MigrationJobTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("tokenpln-deploy-migrate").FullName;

    public static TheoryData<string, string> Services() => new()
    {
        { "user-service", "TokenPln.UserService" },
        { "master-service", "TokenPln.MasterService" },
        { "transaction-service", "TokenPln.TransactionService" },
    };

    [Theory]
    [MemberData(nameof(Services))]
    public async Task The_migration_jobs_environment_lets_the_service_apply_its_migrations_and_exit(string service, string assembly)
    {
        var job = Deploy.Single(Deploy.Render("deploy/overlays/production/migrations"), "Job", $"{service}-migrate");
        var container = Workloads.Containers(job).Single();

        var (exitCode, output) = await RunAsync(service, assembly, container);

        exitCode.ShouldBe(0, output);
        output.ShouldContain("ready; applied");
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string service, string assembly, JsonObject container)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(Deploy.RepositoryRoot, "services", service, "bin", configuration, "net10.0", assembly + ".dll");
        var arguments = container["args"]!.AsArray().Select(a => Workloads.Text(a)!).ToList();
        var startInfo = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Only the Job's variables reach the service, not the test's (a developer's ASPNETCORE_ENVIRONMENT, say).
        foreach (var name in startInfo.Environment.Keys.Where(k => k is not ("PATH" or "HOME" or "DOTNET_ROOT")).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        foreach (var variable in container["env"]!.AsArray().OfType<JsonObject>())
        {
            var name = Workloads.Text(variable["name"])!;
            startInfo.Environment[name] = variable["valueFrom"]?["secretKeyRef"] is JsonObject secret
                ? SecretValue(Workloads.Text(secret["name"])!, Workloads.Text(secret["key"])!)
                : Workloads.Text(variable["value"]);
        }

        // The one substitution: the database is a SQLite file here instead of the Secret's PostgreSQL database.
        startInfo.Environment["Database__Provider"] = "Sqlite";
        startInfo.Environment.Remove($"ConnectionStrings__{service}");
        startInfo.Environment["Database__DataDirectory"] = _data;

        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running means it did not stop as a Job must; end it and report that as the outcome.
            process.Kill(entireProcessTree: true);
            return (int.MinValue, $"did not exit within 90 s: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    /// <summary>What an operator would put in each Secret, made up for the test (README: Running on Kubernetes).</summary>
    private static string SecretValue(string secret, string key) => (secret, key) switch
    {
        ("tokenpln-jwt", "signing-key") => "deploy-test-signing-key-0123456789abcdef0123456789",
        (_, "token") => "deploy-test-token-0123456789",
        ("tokenpln-databases", _) => "Host=unused",
        _ => throw new InvalidOperationException($"The migration Job reads {secret}/{key}, which this test does not know: add it here and to the README"),
    };

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
