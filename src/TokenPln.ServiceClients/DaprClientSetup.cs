using Dapr.Client;

namespace TokenPln.ServiceClients;

public static class DaprClientSetup
{
    /// <summary>
    /// Points the SDK's client at this app's sidecar as <see cref="DaprOptions"/> reads it: the SDK alone would read only the
    /// <c>DAPR_*</c> variables, not the <c>Dapr:*</c> settings, and would say <c>localhost</c> where the sidecar listens on
    /// 127.0.0.1.
    /// </summary>
    public static DaprClientBuilder UseSidecar(this DaprClientBuilder builder, DaprOptions options)
    {
        builder.UseHttpEndpoint(options.SidecarBaseAddress.ToString()).UseGrpcEndpoint(options.SidecarGrpcAddress.ToString());
        // The builder otherwise falls back to the process's DAPR_API_TOKEN, which would defeat a setting that says none.
        builder.UseDaprApiToken(options.ApiToken ?? "");
        return builder;
    }
}
