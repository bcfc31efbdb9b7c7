using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.ServiceDefaults.Dapr;

/// <summary>Marks a route that only this app's sidecar may call: subscriptions, the subscribe document, internal reads.</summary>
/// <param name="DeliveriesOnly">
/// Only the sidecar's own deliveries (pub/sub, the subscribe document), never a service invocation relayed through it: the
/// sidecar adds the app token to whatever any local caller invokes, but marks an invocation with <c>dapr-caller-app-id</c>.
/// </param>
public sealed record SidecarOnlyMetadata(bool DeliveriesOnly);

public static class SidecarOnlyEndpoints
{
    public const string CallerAppIdHeader = "dapr-caller-app-id";

    /// <summary>Only the sidecar, which presents this app's <c>APP_API_TOKEN</c>, may call this route.</summary>
    public static TBuilder RequireSidecar<TBuilder>(this TBuilder builder, bool deliveriesOnly = false) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new SidecarOnlyMetadata(deliveriesOnly));
}

/// <summary>
/// Routes marked <see cref="SidecarOnlyMetadata"/> answer only callers that present the app API token in
/// <c>dapr-api-token</c>, as daprd sends it on every call to the app when it runs with <c>APP_API_TOKEN</c>. Without the
/// token anyone on the machine could post a forged event straight to the app port. Public API routes stay open to
/// direct callers: they are guarded by the user's JWT. Outside Development a service does not start without a token
/// (<see cref="AppApiTokenRule"/>); in Development without one the routes stay open, as under a plain <c>dapr run</c>.
/// </summary>
public sealed class AppApiTokenMiddleware(RequestDelegate next, DaprOptions options)
{
    private readonly byte[]? _expected = options.AppApiToken is null ? null : Encoding.UTF8.GetBytes(options.AppApiToken);

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || context.GetEndpoint()?.Metadata.GetMetadata<SidecarOnlyMetadata>() is not { } sidecarOnly)
        {
            return next(context);
        }

        if (!CameThroughSidecar(context.Request))
        {
            return ApiProblems.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.InvalidAppToken,
                "Alamat ini hanya untuk sidecar Dapr aplikasi ini.");
        }

        return sidecarOnly.DeliveriesOnly && context.Request.Headers.ContainsKey(SidecarOnlyEndpoints.CallerAppIdHeader)
            ? ApiProblems.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.InvalidAppToken,
                "Alamat ini hanya menerima kiriman pub/sub dari sidecar, bukan pemanggilan layanan.")
            : next(context);
    }

    private bool CameThroughSidecar(HttpRequest request) => Presents(request, _expected);

    /// <summary>Whether the request carries this app's API token, i.e. was sent by its own sidecar; compared in fixed time.</summary>
    public static bool Presents(HttpRequest request, byte[]? expected)
    {
        if (expected is null) return false;
        var presented = request.Headers[DaprOptions.ApiTokenHeader].ToString();
        return presented.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), expected);
    }
}

public static class AppApiTokenRule
{
    /// <summary>Outside Development the sidecar-only routes must be guarded, so the token is required to start at all.</summary>
    public static void EnsureConfigured(DaprOptions options, bool isDevelopment)
    {
        if (options.AppApiToken is null && !isDevelopment)
        {
            throw new InvalidOperationException(
                "APP_API_TOKEN must be set outside Development (the same value the Dapr sidecar gets, or dapr.io/app-token-secret on " +
                "Kubernetes): without it anyone who reaches the app port could post events that only the sidecar may deliver.");
        }
    }
}
