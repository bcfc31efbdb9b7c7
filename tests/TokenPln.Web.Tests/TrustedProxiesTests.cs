using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Web.Api;

namespace TokenPln.Web.Tests;

/// <summary>
/// The web app behind an Ingress: the connection is the proxy's, the browser is named in X-Forwarded-For, and only a proxy
/// of the configured networks is believed.
/// </summary>
public sealed class TrustedProxiesTests
{
    private const string Proxy = "10.42.0.7";
    private const string Browser = "198.51.100.23";

    /// <summary>What the app saw of a request once its whole pipeline had run.</summary>
    private sealed record Seen(IPAddress? Address, string Scheme);

    /// <summary>Plays the network: every request arrives from <paramref name="connection"/>, and what the app made of it is kept.</summary>
    private sealed class Network(string connection, List<Seen> seen) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext context, RequestDelegate rest) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(connection);
                await rest(context);
                seen.Add(new Seen(context.Connection.RemoteIpAddress, context.Request.Scheme));
            });
            next(app);
        };
    }

    private sealed class Instance(string? trustedNetworks, string connection, List<Seen> seen) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("APP_ID", "web-app");
            if (trustedNetworks is not null) builder.UseSetting("ForwardedHeaders:TrustedNetworks", trustedNetworks);
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<IUserApi>(new WebAppTests.FakeUserApi());
                services.AddSingleton<IStartupFilter>(new Network(connection, seen));
            });
        }
    }

    private static async Task<Seen> RequestAsync(string? trustedNetworks, string connection)
    {
        var seen = new List<Seen>();
        await using var instance = new Instance(trustedNetworks, connection, seen);
        using var client = instance.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        // The browser's own claim first, then the proxy's entry: only the last one counts.
        request.Headers.Add("X-Forwarded-For", $"203.0.113.66, {Browser}");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return seen.ShouldHaveSingleItem();
    }

    [Fact]
    public async Task From_a_proxy_of_the_trusted_networks_the_app_sees_the_browser_and_its_scheme()
    {
        var seen = await RequestAsync("10.0.0.0/8, fd00::/8", Proxy);

        seen.ShouldBe(new Seen(IPAddress.Parse(Browser), "https"));
    }

    [Fact]
    public async Task From_an_address_outside_the_trusted_networks_the_forwarded_headers_are_ignored()
    {
        var seen = await RequestAsync("10.0.0.0/8", "192.0.2.50");

        seen.ShouldBe(new Seen(IPAddress.Parse("192.0.2.50"), "http"));
    }

    [Fact]
    public async Task Without_trusted_networks_no_forwarded_header_is_believed()
    {
        var seen = await RequestAsync(null, Proxy);

        seen.ShouldBe(new Seen(IPAddress.Parse(Proxy), "http"));
    }

    [Fact]
    public async Task A_network_that_is_not_cidr_stops_the_start_with_the_setting_named()
    {
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => RequestAsync("10.0.0.0/8, proxy.local", Proxy));

        failure.Message.ShouldContain("ForwardedHeaders:TrustedNetworks: 'proxy.local' is not a network in CIDR notation");
    }
}
