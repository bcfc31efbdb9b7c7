using System.Net;
using TokenPln.LocalRunner.Control;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>One Kestrel server listening on every sidecar port (and the control port), dispatching by local port.</summary>
internal static class SidecarServer
{
    public static WebApplication Build(Topology topology, SidecarApi api, int? controlPort, ControlApi control, long maxBodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The runner handles Ctrl+C and SIGTERM itself (children first); the default console lifetime would end
        // the process on SIGTERM before the children are stopped.
        builder.Services.AddSingleton<IHostLifetime, RunnerOwnedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
            foreach (var port in topology.ByPort.Keys)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }

            if (controlPort is { } port2)
            {
                kestrel.Listen(IPAddress.Loopback, port2);
            }
        });

        var app = builder.Build();
        app.Run(context =>
        {
            var port = context.Connection.LocalPort;
            if (port == controlPort)
            {
                return control.HandleAsync(context);
            }

            return topology.ByPort.TryGetValue(port, out var sidecar)
                ? api.HandleAsync(context, sidecar)
                : Task.CompletedTask;
        });
        return app;
    }
}

internal sealed class RunnerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
