using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace TokenPln.Web.Security;

/// <summary>
/// Behind an Ingress (any reverse proxy) every connection comes from the proxy, so the browser's address and scheme are
/// what the proxy writes in <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>. Without them user-service's login throttle
/// would count every browser's wrong passwords against the proxy's one address, and one guesser would lock every cashier
/// out. The headers are believed only from <c>ForwardedHeaders:TrustedNetworks</c> (comma-separated CIDR networks, the
/// proxy's), and only their last entry, the one the proxy added: anything to its left is whatever the browser sent.
/// Without the setting nothing is believed, as on one machine with no proxy in front.
/// </summary>
public static class TrustedProxies
{
    public const string Setting = "ForwardedHeaders:TrustedNetworks";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var networks = Parse(configuration[Setting]);
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1;
            // Not the framework's default of loopback only: the proxies named, and nothing else.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in networks) options.KnownIPNetworks.Add(network);
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it (logs, throttles, cookies' scheme) sees the browser.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (Parse(app.Configuration[Setting]).Count > 0) app.UseForwardedHeaders();
        return app;
    }

    private static List<IPNetwork> Parse(string? setting) =>
        (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => IPNetwork.TryParse(text, out var network)
                ? network
                : throw new InvalidOperationException($"{Setting}: '{text}' is not a network in CIDR notation (for example 10.0.0.0/8)."))
            .ToList();
}
