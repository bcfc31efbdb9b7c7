using System.Net;
using TokenPln.LocalRunner.Control;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>One Kestrel server listening on every sidecar port (and the control port), dispatching by local port.</summary>
internal static class SidecarServer
{
    public static WebApplication Build(Topology topology, SidecarApi api, (int Port, ControlApi Api)? control, long maxBodyBytes)
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

            if (control is { } c)
            {
                kestrel.Listen(IPAddress.Loopback, c.Port);
            }
        });

        var app = builder.Build();
        app.Run(context =>
        {
            var port = context.Connection.LocalPort;
            if (control is { } c && port == c.Port)
            {
                return c.Api.HandleAsync(context);
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
