using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using TokenPln.BuildingBlocks.Http;

namespace TokenPln.BuildingBlocks.Dapr;

/// <summary>
/// When <c>APP_API_TOKEN</c> is set, only the sidecar may call this app: every request must carry the same
/// value in <c>dapr-api-token</c>. Health probes stay open because Dapr's own probes carry no token.
/// </summary>
public sealed class AppApiTokenMiddleware(RequestDelegate next, DaprOptions options)
{
    private readonly byte[]? _expected = options.AppApiToken is null ? null : Encoding.UTF8.GetBytes(options.AppApiToken);

    public Task InvokeAsync(HttpContext context)
    {
        if (_expected is null || IsHealthProbe(context.Request.Path) || HasValidToken(context.Request))
        {
            return next(context);
        }

        return ApiProblems.Write(context, StatusCodes.Status401Unauthorized, ErrorCodes.InvalidAppToken,
            "Permintaan harus melalui sidecar Dapr.");
    }

    private bool HasValidToken(HttpRequest request)
    {
        var presented = request.Headers[DaprInvocationHandler.ApiTokenHeader].ToString();
        return presented.Length > 0
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _expected);
    }

    private static bool IsHealthProbe(PathString path) =>
        path.Equals("/health", StringComparison.OrdinalIgnoreCase) || path.Equals("/alive", StringComparison.OrdinalIgnoreCase);
}
