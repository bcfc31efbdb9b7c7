using System.Net;
using Grpc.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using TokenPln.LocalRunner.Control;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// One Kestrel server listening on every sidecar port (HTTP/1.1 for the HTTP API, h2c for the gRPC API) and the control
/// port, dispatching by local port.
/// </summary>
internal static class SidecarServer
{
    private const string DaprServicePrefix = "/dapr.proto.runtime.v1.Dapr/";

    public static WebApplication Build(Topology topology, SidecarApi api, SidecarOperations operations, (int Port, ControlApi Api)? control,
        long maxBodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // The runner handles Ctrl+C and SIGTERM itself (children first); the default console lifetime would end
        // the process on SIGTERM before the children are stopped.
        builder.Services.AddSingleton<IHostLifetime, RunnerOwnedLifetime>();
        builder.Services.AddSingleton(topology);
        builder.Services.AddSingleton(operations);
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = (int)Math.Min(maxBodyBytes, int.MaxValue));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = maxBodyBytes;
            foreach (var port in topology.ByPort.Keys)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }

            foreach (var port in topology.ByGrpcPort.Keys)
            {
                // Cleartext HTTP/2 needs prior knowledge, so the port speaks HTTP/2 only, as daprd's gRPC port does.
                kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2);
            }

            if (control is { } c)
            {
                kestrel.Listen(IPAddress.Loopback, c.Port);
            }
        });

        var app = builder.Build();
        app.Use((context, next) =>
        {
            var port = context.Connection.LocalPort;
            if (control is { } c && port == c.Port)
            {
                return c.Api.HandleAsync(context);
            }

            if (topology.ByPort.TryGetValue(port, out var sidecar))
            {
                return api.HandleAsync(context, sidecar);
            }

            return topology.ByGrpcPort.ContainsKey(port) ? GrpcGateAsync(context, topology, next) : Task.CompletedTask;
        });
        app.MapGrpcService<DaprGrpcService>();
        return app;
    }

    /// <summary>
    /// What daprd does before a gRPC method runs: the API token, checked on every call as its interceptor does, and an
    /// Unimplemented answer naming anything the runner does not serve, rather than gRPC's anonymous default.
    /// </summary>
    private static Task GrpcGateAsync(HttpContext context, Topology topology, RequestDelegate next)
    {
        var path = context.Request.Path.Value ?? "/";
        if (topology.DaprApiToken is not null)
        {
            var presented = context.Request.Headers[HopHeaders.ApiToken].ToString();
            if (presented.Length == 0) return WriteStatusAsync(context, StatusCode.Unauthenticated, "missing api token in request metadata");
            if (!SidecarApi.HasValidApiToken(topology, presented)) return WriteStatusAsync(context, StatusCode.Unauthenticated, "authentication error: api token mismatch");
        }

        if (path.StartsWith(DaprServicePrefix, StringComparison.Ordinal) && DaprGrpcService.Served.Contains(path[DaprServicePrefix.Length..]))
        {
            return next(context);
        }

        var method = path.TrimStart('/');
        return WriteStatusAsync(context, StatusCode.Unimplemented, path.StartsWith(DaprServicePrefix, StringComparison.Ordinal)
            ? $"{method} is not served by the local runner (it serves PublishEvent, BulkPublishEvent(Alpha1), GetSecret, GetBulkSecret, GetMetadata and Shutdown); run `dapr run -f .` for the full API"
            : $"unknown service or method {method}");
    }

    /// <summary>A trailers-only gRPC answer: the status travels in the response headers and no message follows.</summary>
    private static Task WriteStatusAsync(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }
}

internal sealed class RunnerOwnedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
