using System.Net;
using Microsoft.AspNetCore.Http;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Tests;

public class BrowserAddressHandlerTests
{
    private sealed class Capture : HttpMessageHandler
    {
        public HttpRequestMessage? Sent { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Sent = request;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private static async Task<HttpRequestMessage> SendAsync(HttpContext? context)
    {
        var capture = new Capture();
        using var client = new HttpClient(new BrowserAddressHandler(new HttpContextAccessor { HttpContext = context }) { InnerHandler = capture });
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://user-service/api/auth/login");
        request.Headers.Add("X-TokenPln-Browser-Address", "203.0.113.1");
        await client.SendAsync(request);
        return capture.Sent!;
    }

    [Fact]
    public async Task A_sign_in_names_the_browser_it_came_from_for_user_service_throttle()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("::ffff:198.51.100.23");

        var sent = await SendAsync(context);

        sent.Headers.GetValues("X-TokenPln-Browser-Address").ShouldBe(["198.51.100.23"]);
    }

    [Fact]
    public async Task Without_a_request_of_a_browser_no_address_is_named()
    {
        var sent = await SendAsync(null);

        sent.Headers.Contains("X-TokenPln-Browser-Address").ShouldBeFalse();
    }
}
