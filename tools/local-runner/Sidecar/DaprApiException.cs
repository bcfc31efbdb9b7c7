using Grpc.Core;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// A refusal by the sidecar itself, carrying both faces daprd gives it: the HTTP status with its <c>errorCode</c>, and
/// the gRPC status code. Message texts are daprd's, so that what an app logs reads the same on the runner as on daprd.
/// </summary>
internal sealed class DaprApiException(int httpStatus, string errorCode, StatusCode grpcStatus, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public string ErrorCode { get; } = errorCode;
    public StatusCode GrpcStatus { get; } = grpcStatus;

    public static DaprApiException PubSubNameEmpty() =>
        new(404, "ERR_PUBSUB_EMPTY", StatusCode.InvalidArgument, "pubsub name is empty");

    public static DaprApiException PubSubNotConfigured() =>
        new(400, "ERR_PUBSUB_NOT_CONFIGURED", StatusCode.FailedPrecondition, "pubsub is not configured");

    public static DaprApiException PubSubNotFound(string name) =>
        new(404, "ERR_PUBSUB_NOT_FOUND", StatusCode.InvalidArgument, $"pubsub {name} not found");

    public static DaprApiException TopicEmpty(string pubSubName) =>
        new(404, "ERR_TOPIC_NAME_EMPTY", StatusCode.InvalidArgument, $"topic is empty in pubsub {pubSubName}");

    public static DaprApiException PublishMetadata(string detail) =>
        new(400, "ERR_PUBSUB_REQUEST_METADATA", StatusCode.InvalidArgument, detail);

    public static DaprApiException CloudEventSerialization(string detail) =>
        new(500, "ERR_PUBSUB_CLOUD_EVENTS_SER", StatusCode.InvalidArgument, detail);

    public static DaprApiException EventsSerialization(string pubSubName, string topic, string detail) =>
        new(400, "ERR_PUBSUB_EVENTS_SER", StatusCode.InvalidArgument,
            $"error when unmarshaling the request for topic {topic} pubsub {pubSubName}: {detail}");

    public static DaprApiException SecretStoresNotConfigured() =>
        new(500, "ERR_SECRET_STORES_NOT_CONFIGURED", StatusCode.FailedPrecondition, "secret store is not configured");

    public static DaprApiException SecretStoreNotFound(string name) =>
        new(401, "ERR_SECRET_STORE_NOT_FOUND", StatusCode.InvalidArgument, $"failed finding secret store with key {name}");

    public static DaprApiException SecretPermissionDenied(string key, string store) =>
        new(403, "ERR_PERMISSION_DENIED", StatusCode.PermissionDenied, $"access denied by policy to get \"{key}\" from \"{store}\"");

    public static DaprApiException SecretGet(string key, string store, string detail) =>
        new(500, "ERR_SECRET_GET", StatusCode.Internal, $"failed getting secret with key {key} from secret store {store}: {detail}");

    public static DaprApiException BulkSecretGet(string store, string detail) =>
        new(500, "ERR_SECRET_GET", StatusCode.Internal, $"failed getting secrets from secret store {store}: {detail}");

    // The runner loads no state store (a state component stops it at start), so every state call meets this one.
    public static DaprApiException StateStoreNotConfigured(string name) =>
        new(500, "ERR_STATE_STORE_NOT_CONFIGURED", StatusCode.FailedPrecondition, $"state store {name} is not configured");
}
