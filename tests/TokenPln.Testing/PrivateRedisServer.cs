using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TokenPln.Testing;

/// <summary>
/// A redis-server of the test's own (Debian's package), on a free loopback port, without persistence, in a temp
/// folder; killed on dispose. Missing binaries fail the test with the fix, never skip it.
/// </summary>
public sealed class PrivateRedisServer : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Process _process;

    public int Port { get; }
    public string Host => $"127.0.0.1:{Port}";

    private PrivateRedisServer(string directory, Process process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public static async Task<PrivateRedisServer> StartAsync()
    {
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "redis-server is not installed; these tests start a private one. Install Debian's package: apt-get install -y redis-server");
        var directory = Directory.CreateTempSubdirectory("tokenpln-redis").FullName;
        // The port is free when chosen and taken a moment later; another process may win it in between, so try again.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var process = Process.Start(new ProcessStartInfo(binary,
                ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", directory, "--daemonize", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                if (await PingAsync(port)) return new PrivateRedisServer(directory, process, port);
                await Task.Delay(50);
            }

            process.Kill();
            await process.WaitForExitAsync();
            process.Dispose();
            if (attempt == 3)
            {
                Directory.Delete(directory, recursive: true);
                throw new InvalidOperationException($"redis-server ({binary}) did not answer PING on a free port in three attempts.");
            }
        }
    }

    /// <summary>Sends one command (as a RESP array, so any argument may hold spaces or quotes) and answers the reply's text.</summary>
    public async Task<string> CommandAsync(params string[] arguments)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, Port);
        var stream = client.GetStream();
        var request = new StringBuilder($"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            request.Append($"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()));
        var buffer = new byte[8192];
        var read = await stream.ReadAsync(buffer);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>The reply's first integer: XLEN's length, or the pending count that XPENDING's summary starts with.</summary>
    public async Task<long> IntegerAsync(params string[] arguments)
    {
        var reply = await CommandAsync(arguments);
        return reply.Split("\r\n").FirstOrDefault(l => l.StartsWith(':')) is { } integer
            ? long.Parse(integer[1..], System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"{string.Join(' ', arguments)} answered {reply}");
    }

    /// <summary>Kills the server now, as a crash would, to see what its clients do without it.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<bool> PingAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port).WaitAsync(TimeSpan.FromSeconds(1));
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(1));
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin")
        .Select(d => Path.Combine(d, "redis-server")).FirstOrDefault(File.Exists);
}
