using System.Net;
using System.Net.Sockets;

namespace TokenPln.LocalRunner;

/// <summary>
/// Hands out distinct free loopback ports. Each stays bound until the reservation is disposed: the kernel readily gives a
/// port that was freed a moment ago to the next bind, so two ports picked one after the other could otherwise be equal.
/// </summary>
internal sealed class PortReservation : IDisposable
{
    private readonly List<TcpListener> _held = [];

    public int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _held.Add(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
