using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.ServiceDefaults.Dapr;

namespace TokenPln.ServiceDefaults.Http;

/// <summary>
/// The address a request really came from. Behind Dapr every request arrives from the sidecar on loopback, so the
/// connection's address says nothing about the caller; daprd names the caller in <c>X-Forwarded-For</c>. That header
/// is believed only when the request proves it came through our sidecar (its <c>dapr-api-token</c> equals
/// <c>APP_API_TOKEN</c>); anyone else could write whatever they like into it. A call of the web app comes from the web
/// app's own address, so it names the browser it acts for in <see cref="BrowserAddressHeader"/>; that is believed only
/// when, in addition, the sidecar says the caller is the web app (<c>dapr-caller-app-id</c>, which the calling sidecar
/// writes itself).
/// </summary>
public static class ClientAddress
{
    public const string ForwardedForHeader = "X-Forwarded-For";
    public const string BrowserAddressHeader = "X-TokenPln-Browser-Address";

    public static IPAddress? Of(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        var options = context.RequestServices.GetService<DaprOptions>();
        if (options?.AppApiToken is { } token && AppApiTokenMiddleware.Presents(context.Request, Encoding.UTF8.GetBytes(token)))
        {
            if (BrowserOfTheWebApp(context.Request) is { } browser)
            {
                remote = browser;
            }
            else if (ForwardedBySidecar(context.Request) is { } forwarded)
            {
                remote = forwarded;
            }
        }

        return remote is { IsIPv4MappedToIPv6: true } ? remote.MapToIPv4() : remote;
    }

    /// <summary>The address as text, for throttling keys and logs; <c>unknown</c> when there is none (in-memory test hosts).</summary>
    public static string Describe(HttpContext context) => Of(context)?.ToString() ?? "unknown";

    private static IPAddress? BrowserOfTheWebApp(HttpRequest request) =>
        request.Headers[SidecarOnlyEndpoints.CallerAppIdHeader] is { Count: 1 } caller && caller[0] == AppIds.WebApp
        && request.Headers[BrowserAddressHeader] is { Count: 1 } browser && IPAddress.TryParse(browser[0], out var address)
            ? address
            : null;

    /// <summary>
    /// The right-most entry: the one the sidecar itself added. Entries to its left came with the caller's request and
    /// are whatever the caller chose to write.
    /// </summary>
    private static IPAddress? ForwardedBySidecar(HttpRequest request)
    {
        var values = request.Headers[ForwardedForHeader];
        for (var i = values.Count - 1; i >= 0; i--)
        {
            var entries = (values[i] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (entries.Length > 0)
            {
                return IPAddress.TryParse(entries[^1], out var address) ? address : null;
            }
        }

        return null;
    }
}
