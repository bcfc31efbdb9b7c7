using System.Net;
using System.Net.Sockets;

namespace TokenPln.LocalRunner.Tests;

public sealed class PortReservationTests
{
    [Fact]
    public void Ports_of_one_reservation_are_all_different()
    {
        using var ports = new PortReservation();

        var handedOut = Enumerable.Range(0, 200).Select(_ => ports.Next()).ToList();

        handedOut.Distinct().Count().ShouldBe(handedOut.Count);
    }

    [Fact]
    public void Ports_are_picked_below_the_ephemeral_range_where_no_outgoing_connection_can_hold_them()
    {
        using var ports = new PortReservation();

        var handedOut = Enumerable.Range(0, 20).Select(_ => ports.Next()).ToList();

        handedOut.ShouldAllBe(port => port < PortReservation.EphemeralRangeLow());
    }

    [Fact]
    public void Ports_are_free_again_once_the_reservation_is_disposed()
    {
        int port;
        using (var ports = new PortReservation())
        {
            port = ports.Next();
        }

        using var listener = new TcpListener(IPAddress.Loopback, port);
        Should.NotThrow(() => listener.Start());
    }
}
