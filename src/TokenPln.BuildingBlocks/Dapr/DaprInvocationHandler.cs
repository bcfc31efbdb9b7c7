namespace TokenPln.BuildingBlocks.Dapr;

/// <summary>
/// Rewrites <c>http://&lt;app-id&gt;/path?query</c> into the sidecar's
/// <c>/v1.0/invoke/&lt;app-id&gt;/method/path?query</c>, the same shape as the Dapr SDK's
/// <c>InvocationHandler</c>, so a typed client only ever names the app it calls.
/// </summary>
public sealed class DaprInvocationHandler(DaprOptions options) : DelegatingHandler
{
    public const string ApiTokenHeader = "dapr-api-token";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.RequestUri
            ?? throw new InvalidOperationException("A Dapr invocation needs an absolute request URI.");
        if (!original.IsAbsoluteUri || (original.Scheme != Uri.UriSchemeHttp && original.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{original}' is not an absolute http(s) URI naming an app id.", nameof(request));
        }

        request.RequestUri = Rewrite(original, options.SidecarBaseAddress);
        var addedToken = options.ApiToken is not null && request.Headers.TryAddWithoutValidation(ApiTokenHeader, options.ApiToken);
        try
        {
            return await base.SendAsync(request, cancellationToken);
        }
        finally
        {
            // Restored so that a retry above this handler rewrites the original again.
            request.RequestUri = original;
            if (addedToken)
            {
                request.Headers.Remove(ApiTokenHeader);
            }
        }
    }

    public static Uri Rewrite(Uri appUri, Uri sidecar)
    {
        var builder = new UriBuilder(appUri)
        {
            Scheme = sidecar.Scheme,
            Host = sidecar.Host,
            Port = sidecar.Port,
            Path = $"{sidecar.AbsolutePath.TrimEnd('/')}/v1.0/invoke/{appUri.Host}/method{appUri.AbsolutePath}",
        };
        return builder.Uri;
    }
}
