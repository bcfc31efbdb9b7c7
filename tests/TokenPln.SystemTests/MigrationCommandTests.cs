using System.Diagnostics;

namespace TokenPln.SystemTests;

/// <summary>The production way to change a schema: an explicit command first, and a service that will not start on an old schema.</summary>
public sealed class MigrationCommandTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("tokenpln-migrate").FullName;

    [Fact]
    public async Task Outside_development_a_service_refuses_pending_migrations_until_the_migrate_command_applies_them()
    {
        var refused = await RunUserServiceAsync([], TimeSpan.FromSeconds(60));
        var migrated = await RunUserServiceAsync(["migrate"], TimeSpan.FromSeconds(60));

        refused.ExitCode.ShouldNotBe(0);
        refused.Output.ShouldContain("migration(s) pending");
        refused.Output.ShouldContain("'migrate'");
        migrated.ExitCode.ShouldBe(0, migrated.Output);
        migrated.Output.ShouldContain($"applied {UserServiceMigrationCount()} migration(s)");
    }

    /// <summary>Every migration the user-service source holds, so the count follows the schema as it grows.</summary>
    private static int UserServiceMigrationCount() =>
        Directory.GetFiles(Path.Combine(LocalRunnerStack.RepositoryRoot, "services", "user-service", "Data", "Migrations"), "*.cs")
            .Count(file => !file.EndsWith(".Designer.cs", StringComparison.Ordinal) && !file.EndsWith("ModelSnapshot.cs", StringComparison.Ordinal));

    private async Task<(int ExitCode, string Output)> RunUserServiceAsync(string[] arguments, TimeSpan timeout)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var dll = Path.Combine(LocalRunnerStack.RepositoryRoot, "services", "user-service", "bin", configuration, "net10.0", "TokenPln.UserService.dll");
        var startInfo = new ProcessStartInfo("dotnet", [dll, .. arguments])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Database__DataDirectory"] = _data,
                ["Jwt__SigningKey"] = "migration-test-signing-key-0123456789abcdef",
                ["Bootstrap__OwnerEmail"] = "owner@counter.test",
                ["Bootstrap__OwnerPassword"] = "Migration#Test1",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["APP_API_TOKEN"] = "migration-test-app-api-token",
            },
        };
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running means it did not stop as it should; end it and report that as the outcome.
            process.Kill(entireProcessTree: true);
            return (int.MinValue, $"did not exit within {timeout}: {await output}{await errors}");
        }

        return (process.ExitCode, await output + await errors);
    }

    public void Dispose() => Directory.Delete(_data, recursive: true);
}
