namespace TokenPln.Web.Security;

/// <summary>Security headers of every page and file the web app serves.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// What Blazor Server and MudBlazor need and nothing more: scripts and styles from this origin only (blazor.web.js,
    /// MudBlazor.min.js, the CSS files); inline style attributes, which MudBlazor writes on its components; the circuit's
    /// WebSocket, which <c>'self'</c> covers in connect-src; no plugins, no framing, forms post only here. No inline
    /// scripts and no eval: server rendering needs neither (the template's import map, an inline script, is not rendered).
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.Use(static (context, next) =>
        {
            // Set as the response starts, so that pages rewritten by the exception handler carry them too.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
        return app;
    }
}
