using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using Dapr.Client;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using TokenPln.ServiceClients;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>
/// A stand-in for daprd on free loopback ports, enough for the real SDK client: the HTTP health endpoints and the gRPC
/// <c>PublishEvent</c> and <c>GetBulkSecret</c> calls, framed by hand (Dapr.Protos ships only the client side).
/// </summary>
internal sealed class FakeSidecar : IAsyncDisposable
{
    private readonly WebApplication _app;

    public ConcurrentQueue<(PublishEventRequest Request, string? ApiToken)> Published { get; } = new();
    public ConcurrentQueue<(GetBulkSecretRequest Request, string? ApiToken)> SecretReads { get; } = new();

    /// <summary>What <c>PublishEvent</c> answers; <see cref="StatusCode.OK"/> accepts the event.</summary>
    public StatusCode PublishStatus { get; set; } = StatusCode.OK;

    /// <summary>Secret stores by name, each secret's name to its values; any other store is refused as daprd refuses it.</summary>
    public Dictionary<string, Dictionary<string, Dictionary<string, string>>> SecretStores { get; } = [];

    /// <summary>Answers <c>/v1.0/healthz/outbound</c> with the status it returns, called with the number of the check.</summary>
    public Func<int, HttpStatusCode> OutboundHealth { get; set; } = _ => HttpStatusCode.NoContent;

    public int OutboundHealthChecks => _outboundHealthChecks;

    private int _outboundHealthChecks;

    private FakeSidecar(WebApplication app) => _app = app;

    public int HttpPort { get; private set; }
    public int GrpcPort { get; private set; }

    public static async Task<FakeSidecar> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http1);
            k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        var sidecar = new FakeSidecar(app);
        app.MapGet("/v1.0/healthz/outbound", () =>
            Results.StatusCode((int)sidecar.OutboundHealth(Interlocked.Increment(ref sidecar._outboundHealthChecks))));
        app.MapPost("/dapr.proto.runtime.v1.Dapr/PublishEvent", async context =>
        {
            var request = PublishEventRequest.Parser.ParseFrom(await ReadMessageAsync(context.Request));
            sidecar.Published.Enqueue((request, context.Request.Headers["dapr-api-token"].FirstOrDefault()));
            await (sidecar.PublishStatus == StatusCode.OK
                ? AnswerAsync(context, new Google.Protobuf.WellKnownTypes.Empty())
                : RefuseAsync(context, sidecar.PublishStatus, $"pubsub {request.PubsubName}: refused by the test"));
        });
        app.MapPost("/dapr.proto.runtime.v1.Dapr/GetBulkSecret", async context =>
        {
            var request = GetBulkSecretRequest.Parser.ParseFrom(await ReadMessageAsync(context.Request));
            sidecar.SecretReads.Enqueue((request, context.Request.Headers["dapr-api-token"].FirstOrDefault()));
            if (!sidecar.SecretStores.TryGetValue(request.StoreName, out var store))
            {
                await RefuseAsync(context, StatusCode.InvalidArgument, $"failed finding secret store with key {request.StoreName}");
                return;
            }

            var response = new GetBulkSecretResponse();
            foreach (var (name, values) in store)
            {
                var secret = new SecretResponse();
                secret.Secrets.Add(values);
                response.Data.Add(name, secret);
            }

            await AnswerAsync(context, response);
        });
        await app.StartAsync();
        var addresses = app.Urls.Select(u => new Uri(u).Port).ToList();
        sidecar.HttpPort = addresses[0];
        sidecar.GrpcPort = addresses[1];
        return sidecar;
    }

    public DaprOptions Options(string? apiToken = null) => new() { HttpPort = HttpPort, GrpcPort = GrpcPort, ApiToken = apiToken };

    /// <summary>The SDK's own client, pointed at this sidecar as the apps point theirs.</summary>
    public DaprClient CreateClient(string? apiToken = null) => new DaprClientBuilder().UseSidecar(Options(apiToken)).Build();

    private static async Task<byte[]> ReadMessageAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var frame = buffer.ToArray();
        var length = BinaryPrimitives.ReadInt32BigEndian(frame.AsSpan(1, 4));
        return frame.AsSpan(5, length).ToArray();
    }

    private static async Task AnswerAsync(HttpContext context, IMessage message)
    {
        var payload = message.ToByteArray();
        var frame = new byte[5 + payload.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1, 4), payload.Length);
        payload.CopyTo(frame, 5);
        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(frame);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    private static Task RefuseAsync(HttpContext context, StatusCode status, string message)
    {
        // A trailers-only answer, as a gRPC server gives for an error before any message.
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString();
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
