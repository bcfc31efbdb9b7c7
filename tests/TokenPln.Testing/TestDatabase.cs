using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace TokenPln.Testing;

/// <summary>
/// Which database the tests run on: SQLite files by default, PostgreSQL when <c>TOKENPLN_TEST_DATABASE=postgres</c>.
/// On PostgreSQL every service under test gets a database of its own on a private server that the tests start
/// themselves (initdb and pg_ctl on a free loopback port) and stop when the test process ends. A database is dropped
/// when its service is disposed and the server's files when the process has gone, so runs do not fill the disk.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<PostgresServer> Server = new(PostgresServer.Start);

    public static bool IsPostgres =>
        string.Equals(Environment.GetEnvironmentVariable("TOKENPLN_TEST_DATABASE"), "postgres", StringComparison.OrdinalIgnoreCase);

    /// <summary>A new, empty PostgreSQL database; its connection string.</summary>
    public static string CreatePostgresDatabase() => Server.Value.CreateDatabase();

    /// <summary>Drops a database made by <see cref="CreatePostgresDatabase"/>, closing what is still connected to it.</summary>
    public static void DropPostgresDatabase(string connectionString) => Server.Value.DropDatabase(connectionString);
}

internal sealed class PostgresServer
{
    private readonly int _port;

    private PostgresServer(int port) => _port = port;

    public static PostgresServer Start()
    {
        var binaries = FindBinaries();
        var asRoot = Environment.UserName == "root";
        var user = asRoot ? "postgres" : null;
        var directory = Directory.CreateTempSubdirectory("tokenpln-pg").FullName;
        StopWhenThisProcessEnds(binaries, directory, user);
        var port = FreePort();
        if (asRoot)
        {
            // initdb refuses to run as root; the server runs as the postgres user that Debian's package creates.
            Run("chown", ["-R", "postgres:postgres", directory], asUser: null);
        }

        Run(Path.Combine(binaries, "initdb"), ["-D", Path.Combine(directory, "data"), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"], user);
        Run(Path.Combine(binaries, "pg_ctl"),
        [
            "-D", Path.Combine(directory, "data"), "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400 " +
                // Every CREATE DATABASE copies the template through the WAL; keep only a little of it.
                "-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=64MB -c min_wal_size=32MB",
            "start",
        ], user);
        return new PostgresServer(port);
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

    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={_port};Username=postgres;Database={database};Maximum Pool Size=20;Include Error Detail=true";

    /// <summary>
    /// The test host is killed a moment after its last test (vstest gives it 100 ms), too soon for an exit handler to stop
    /// the server and delete its files; so a watcher outside the process, in a session of its own, does it once the
    /// process is gone, however it ended.
    /// </summary>
    private static void StopWhenThisProcessEnds(string binaries, string directory, string? user)
    {
        var stop = $"{Path.Combine(binaries, "pg_ctl")} -D {Path.Combine(directory, "data")} -m immediate stop";
        // Let go of the output pipes first: Run reads them to their end, which would otherwise be this process's end.
        var script = $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 1; done; " +
            $"{(user is null ? "" : $"runuser -u {user} -- ")}{stop}; rm -rf {directory}";
        Run("setsid", ["-f", "sh", "-c", script], asUser: null);
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
