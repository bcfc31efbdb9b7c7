using System.Net;
using System.Net.Sockets;

namespace TokenPln.LocalRunner;

/// <summary>
/// Hands out distinct free loopback ports. Each stays bound until the reservation is disposed: the kernel readily gives a
/// port that was freed a moment ago to the next bind, so two ports picked one after the other could otherwise be equal.
/// </summary>
/// <remarks>
/// Ports are picked below the kernel's ephemeral range. Between the reservation's release and the app's own bind, any
/// outgoing connection on the machine (a database client, a test's HTTP call) may be given an ephemeral port as its
/// source port; had the runner picked that port, the app would fail to bind and exit. A CI run with PostgreSQL beside the
/// stack saw exactly that. Ports below the range are only ever taken by an explicit bind.
/// </remarks>
internal sealed class PortReservation : IDisposable
{
    private const int LowestPort = 10_000;
    private readonly List<TcpListener> _held = [];
    private readonly int _ephemeralLow = EphemeralRangeLow();

    public int Next()
    {
        for (var attempt = 0; attempt < 200 && _ephemeralLow > LowestPort; attempt++)
        {
            var candidate = Random.Shared.Next(LowestPort, _ephemeralLow);
            if (TryHold(candidate) is { } port) return port;
        }

        return TryHold(0) ?? throw new InvalidOperationException("No free loopback port.");
    }

    private int? TryHold(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
        }
        catch (SocketException)
        {
            listener.Dispose();
            return null;
        }

        _held.Add(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The lower end of Linux's <c>ip_local_port_range</c>; elsewhere the IANA dynamic range's (49152).</summary>
    internal static int EphemeralRangeLow()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(rangeFile)
            && File.ReadAllText(rangeFile).Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries) is [var low, ..]
            && int.TryParse(low, out var value))
        {
            return value;
        }

        return 49_152;
    }

    public void Dispose()
    {
        foreach (var listener in _held)
        {
            listener.Dispose();
        }

        _held.Clear();
    }
}
