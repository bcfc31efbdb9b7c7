using TokenPln.ServiceDefaults.Http;

namespace TokenPln.Web.Auth;

/// <summary>
/// Names the browser a call to user-service is made for. Every call leaves from the web app's own address, so without
/// this user-service's login throttle would count every browser's wrong passwords against that one address, and one
/// guesser would lock out the whole counter. user-service believes the header only from the web app's sidecar.
/// </summary>
public sealed class BrowserAddressHandler(IHttpContextAccessor http) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(ClientAddress.BrowserAddressHeader);
        // Sign-in is a plain form post, so the request's connection is the browser's; in a circuit there may be none.
        if (http.HttpContext?.Connection.RemoteIpAddress is { } address)
        {
            var browser = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
            request.Headers.TryAddWithoutValidation(ClientAddress.BrowserAddressHeader, browser.ToString());
        }

        return base.SendAsync(request, cancellationToken);
    }
}
