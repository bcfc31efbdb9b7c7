using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using TokenPln.LocalRunner.DaprProtos;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// Dapr's gRPC API (<c>dapr.proto.runtime.v1.Dapr</c>) for the methods the runner serves; the sidecar is the one whose
/// gRPC port the call arrived on. The API token and unserved methods are handled in <see cref="SidecarServer"/>.
/// </summary>
internal sealed class DaprGrpcService(Topology topology, SidecarOperations operations) : DaprProtos.Dapr.DaprBase
{
    /// <summary>Every method of the service that <see cref="DaprGrpcService"/> answers; the rest are Unimplemented.</summary>
    public static readonly IReadOnlySet<string> Served = DaprReflection.Descriptor.Services.Single().Methods.Select(m => m.Name).ToHashSet();

    public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) => RunAsync(context, async (http, sidecar) =>
    {
        await operations.PublishAsync(http, sidecar, request.PubsubName, request.Topic, request.Data.ToByteArray(), request.DataContentType, request.Metadata);
        return new Empty();
    });

    public override Task<BulkPublishResponse> BulkPublishEventAlpha1(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublish(request, context);

    public override Task<BulkPublishResponse> BulkPublishEvent(BulkPublishRequest request, ServerCallContext context) =>
        BulkPublish(request, context);

    public override Task<GetSecretResponse> GetSecret(GetSecretRequest request, ServerCallContext context) => Run(context, (_, sidecar) =>
    {
        var response = new GetSecretResponse();
        foreach (var (key, value) in operations.GetSecret(sidecar, request.StoreName, request.Key)) response.Data[key] = value;
        return response;
    });

    public override Task<GetBulkSecretResponse> GetBulkSecret(GetBulkSecretRequest request, ServerCallContext context) => Run(context, (_, sidecar) =>
    {
        var response = new GetBulkSecretResponse();
        foreach (var (key, values) in operations.GetBulkSecret(sidecar, request.StoreName))
        {
            var secret = new SecretResponse();
            foreach (var (name, value) in values) secret.Secrets[name] = value;
            response.Data[key] = secret;
        }

        return response;
    });

    public override Task<GetMetadataResponse> GetMetadata(GetMetadataRequest request, ServerCallContext context) => Run(context, (_, sidecar) =>
    {
        var metadata = SidecarOperations.Metadata(sidecar);
        var response = new GetMetadataResponse
        {
            Id = metadata.Id,
            RuntimeVersion = metadata.RuntimeVersion,
            AppConnectionProperties = new AppConnectionProperties { Port = metadata.AppPort, Protocol = "http", ChannelAddress = metadata.ChannelAddress },
            ActorRuntime = new ActorRuntime { RuntimeStatus = ActorRuntime.Types.ActorRuntimeStatus.Disabled },
        };
        response.EnabledFeatures.Add(metadata.EnabledFeatures);
        response.RegisteredComponents.Add(metadata.Components.Select(c => new RegisteredComponents { Name = c.Name, Type = c.Type, Version = c.Version }));
        response.HttpEndpoints.Add(metadata.HttpEndpoints.Select(name => new MetadataHTTPEndpoint { Name = name }));
        response.ExtendedMetadata["daprRuntimeVersion"] = metadata.RuntimeVersion;
        foreach (var s in metadata.Subscriptions)
        {
            var subscription = new PubsubSubscription
            {
                PubsubName = s.PubSubName,
                Topic = s.Topic,
                DeadLetterTopic = s.DeadLetterTopic ?? "",
                Type = s.Declarative ? PubsubSubscriptionType.Declarative : PubsubSubscriptionType.Programmatic,
                Rules = new PubsubSubscriptionRules { Rules = { new PubsubSubscriptionRule { Path = s.Route } } },
            };
            if (s.RawPayload) subscription.Metadata["rawPayload"] = "true";
            response.Subscriptions.Add(subscription);
        }

        return response;
    });

    public override Task<Empty> Shutdown(ShutdownRequest request, ServerCallContext context) => Run(context, (_, sidecar) =>
    {
        operations.Shutdown(sidecar);
        return new Empty();
    });

    private Task<BulkPublishResponse> BulkPublish(BulkPublishRequest request, ServerCallContext context) => RunAsync(context, async (http, sidecar) =>
    {
        var entries = request.Entries
            .Select(e => new BulkEntry(e.EntryId, e.Event.ToByteArray(), e.ContentType, e.Metadata))
            .ToList();
        await operations.BulkPublishAsync(http, sidecar, request.PubsubName, request.Topic, entries, request.Metadata);
        return new BulkPublishResponse();
    });

    private async Task<T> RunAsync<T>(ServerCallContext context, Func<HttpContext, Sidecar, Task<T>> operation)
    {
        var http = context.GetHttpContext();
        var sidecar = topology.ByGrpcPort[http.Connection.LocalPort];
        try
        {
            return await operation(http, sidecar);
        }
        catch (DaprApiException ex)
        {
            throw new RpcException(new Status(ex.GrpcStatus, ex.Message));
        }
    }

    private Task<T> Run<T>(ServerCallContext context, Func<HttpContext, Sidecar, T> operation)
    {
        var http = context.GetHttpContext();
        // Only reached through a sidecar's gRPC port (SidecarServer routes nothing else here).
        var sidecar = topology.ByGrpcPort[http.Connection.LocalPort];
        try
        {
            return Task.FromResult(operation(http, sidecar));
        }
        catch (DaprApiException ex)
        {
            throw new RpcException(new Status(ex.GrpcStatus, ex.Message));
        }
    }
}
