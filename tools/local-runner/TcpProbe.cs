using System.Net.Sockets;

namespace TokenPln.LocalRunner;

/// <summary>Whether something accepts TCP connections at an address: the runner's one way to ask "is it up yet?".</summary>
internal static class TcpProbe
{
    public static async Task<bool> ListensAsync(string host, int port, TimeSpan within)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port).WaitAsync(within);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }
}
