namespace TokenPln.LocalRunner.Sidecar;

internal static class HopHeaders
{
    public const string ApiToken = "dapr-api-token";
    public const string AppIdHeader = "dapr-app-id";

    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host", "Content-Length",
    };

    public static bool IsHopByHop(string name) => HopByHop.Contains(name);
}
