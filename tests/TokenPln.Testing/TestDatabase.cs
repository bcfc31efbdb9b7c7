using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TokenPln.Testing;

/// <summary>
/// Which database the tests run on: SQLite files by default, PostgreSQL when <c>TOKENPLN_TEST_DATABASE=postgres</c>.
/// On PostgreSQL every service under test gets a database of its own on a private server that the tests start
/// themselves (initdb and pg_ctl on a free loopback port) and stop when the test process ends.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<PostgresServer> Server = new(PostgresServer.Start);

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("TOKENPLN_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new, empty PostgreSQL database; its connection string.</summary>
    public static string CreatePostgresDatabase() => Server.Value.CreateDatabase();
}

internal sealed class PostgresServer
{
    private readonly string _directory;
    private readonly string _binaries;
    private readonly int _port;

    private PostgresServer(string directory, string binaries, int port)
    {
        _directory = directory;
        _binaries = binaries;
        _port = port;
    }

    public static PostgresServer Start()
    {
        var binaries = FindBinaries();
        var directory = Directory.CreateTempSubdirectory("tokenpln-pg").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // initdb refuses to run as root; the server runs as the postgres user that Debian's package creates.
            Run("chown", ["-R", "postgres:postgres", directory], asUser: null);
        }

        var user = asRoot ? "postgres" : null;
        Run(Path.Combine(binaries, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], user);
        Run(Path.Combine(binaries, "pg_ctl"),
        [
            "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            "start",
        ], user);
        var server = new PostgresServer(directory, binaries, port);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop(user);
        return server;
    }

    public string CreateDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=20;Include Error Detail=true";

    private void Stop(string? user)
    {
        Run(Path.Combine(_binaries, "pg_ctl"), ["-D", Path.Combine(_directory, "data"), "-m", "immediate", "stop"], user, throwOnError: false);
        Directory.Delete(_directory, recursive: true);
    }

    private static string FindBinaries()
    {
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        return installed ?? throw new InvalidOperationException(
            "TOKENPLN_TEST_DATABASE=postgres needs PostgreSQL's server binaries (apt-get install postgresql); none under /usr/lib/postgresql.");
    }

    private static void Run(string file, IEnumerable<string> arguments, string? asUser, bool throwOnError = true)
    {
        var startInfo = asUser is null ? new ProcessStartInfo(file, arguments) : new ProcessStartInfo("runuser", ["-u", asUser, "--", file, .. arguments]);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        using var process = Process.Start(startInfo)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && throwOnError)
        {
            throw new InvalidOperationException($"{file} failed ({process.ExitCode}): {output}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
