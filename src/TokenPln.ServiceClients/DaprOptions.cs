namespace TokenPln.ServiceClients;

/// <summary>
/// How this app reaches its sidecar and how the sidecar reaches it. Names follow the variables that
/// <c>dapr run</c> and the Dapr SDKs use, so the same settings work under real Dapr and the local runner.
/// </summary>
public sealed class DaprOptions
{
    public const string DefaultPubSubName = "pubsub";

    /// <summary>The header that carries <see cref="ApiToken"/> to the sidecar, and the app API token to the app.</summary>
    public const string ApiTokenHeader = "dapr-api-token";

    /// <summary>Full sidecar URL (<c>DAPR_HTTP_ENDPOINT</c>); wins over <see cref="HttpPort"/>.</summary>
    public string? HttpEndpoint { get; set; }

    /// <summary>Sidecar HTTP port (<c>DAPR_HTTP_PORT</c>), 3500 when unset, as in the SDK.</summary>
    public int HttpPort { get; set; } = 3500;

    /// <summary>Full sidecar gRPC URL (<c>DAPR_GRPC_ENDPOINT</c>); wins over <see cref="GrpcPort"/>.</summary>
    public string? GrpcEndpoint { get; set; }

    /// <summary>Sidecar gRPC port (<c>DAPR_GRPC_PORT</c>), 50001 when unset, as in the SDK. Publishing and secrets go here.</summary>
    public int GrpcPort { get; set; } = 50001;

    /// <summary>Token this app sends to its sidecar (<c>DAPR_API_TOKEN</c>).</summary>
    public string? ApiToken { get; set; }

    /// <summary>Token the sidecar must send to this app (<c>APP_API_TOKEN</c>).</summary>
    public string? AppApiToken { get; set; }

    /// <summary>This app's id (<c>APP_ID</c>); names its dead-letter topic.</summary>
    public string AppId { get; set; } = "app";

    public string PubSubName { get; set; } = DefaultPubSubName;

    /// <summary>Where deliveries this app gave up on are parked (one topic per app, so only it reads them).</summary>
    public string DeadLetterTopic => $"dead-letters.{AppId}";

    /// <summary>Secret stores (comma-separated) whose secrets are loaded into configuration at start-up; none when empty.</summary>
    public IReadOnlyList<string> SecretStores { get; set; } = [];

    public Uri SidecarBaseAddress => new(
        string.IsNullOrWhiteSpace(HttpEndpoint) ? $"http://127.0.0.1:{HttpPort}" : HttpEndpoint.TrimEnd('/'));

    public Uri SidecarGrpcAddress => new(
        string.IsNullOrWhiteSpace(GrpcEndpoint) ? $"http://127.0.0.1:{GrpcPort}" : GrpcEndpoint.TrimEnd('/'));

    public static DaprOptions FromConfiguration(Microsoft.Extensions.Configuration.IConfiguration configuration, string? defaultAppId = null)
    {
        var section = configuration.GetSection("Dapr");
        return new DaprOptions
        {
            HttpEndpoint = configuration["DAPR_HTTP_ENDPOINT"] ?? section["HttpEndpoint"],
            HttpPort = int.TryParse(configuration["DAPR_HTTP_PORT"] ?? section["HttpPort"], out var port) ? port : 3500,
            GrpcEndpoint = configuration["DAPR_GRPC_ENDPOINT"] ?? section["GrpcEndpoint"],
            GrpcPort = int.TryParse(configuration["DAPR_GRPC_PORT"] ?? section["GrpcPort"], out var grpcPort) ? grpcPort : 50001,
            ApiToken = NullIfBlank(configuration["DAPR_API_TOKEN"] ?? section["ApiToken"]),
            AppApiToken = NullIfBlank(configuration["APP_API_TOKEN"] ?? section["AppApiToken"]),
            AppId = configuration["APP_ID"] ?? defaultAppId ?? "app",
            PubSubName = section["PubSubName"] ?? DefaultPubSubName,
            SecretStores = (section["SecretStore"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
