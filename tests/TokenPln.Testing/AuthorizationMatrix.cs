using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Shouldly;

namespace TokenPln.Testing;

/// <summary>Who a route is for.</summary>
public enum Audience
{
    /// <summary>No token needed: login, health.</summary>
    Anyone,
    /// <summary>Only the app's own sidecar, which presents the app API token: subscriptions, the subscribe document, internal reads.</summary>
    Sidecar,
    /// <summary>IAK's callback: no bearer token of ours counts, only IAK's sign over the body.</summary>
    SignedByIak,
    Staff,
    Cashier,
    Owner,
}

/// <summary>
/// Sends every route of a service each kind of caller and checks the answer against the route's audience. The route
/// list is read from the running app, so a new route fails the check until it is given an audience.
/// </summary>
public static partial class AuthorizationMatrix
{
    public sealed record Callers(string Cashier, string Owner, string DeactivatedCashier);

    /// <summary>Stands for a call that carries the app API token and no user token, as the sidecar's own calls do.</summary>
    private const string SidecarCaller = "sidecar";

    /// <summary>What every service maps for Dapr and orchestrators: Dapr's plumbing for the sidecar only, health for anyone.</summary>
    public static IReadOnlyDictionary<string, Audience> Plumbing { get; } = new Dictionary<string, Audience>
    {
        ["POST /events/dead-letters"] = Audience.Sidecar,
        ["GET /dapr/subscribe"] = Audience.Sidecar,
        ["ANY /health"] = Audience.Anyone,
        ["ANY /alive"] = Audience.Anyone,
        ["GET /"] = Audience.Anyone,
    };

    public static IReadOnlyList<string> RoutesOf(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct()
            .ToList();

    /// <summary>Checks every route against every caller; fails once, listing every answer that broke the matrix.</summary>
    public static async Task VerifyAsync(HttpClient client, IReadOnlyDictionary<string, Audience> routes, Callers callers,
        IReadOnlyDictionary<string, string> routeValues)
    {
        var expired = TestTokens.Owner(expires: DateTimeOffset.UtcNow.AddMinutes(-1));
        var forged = TestTokens.Owner(key: "a-signing-key-that-is-not-the-services-0123456789");
        var failures = new List<string>();
        foreach (var (route, audience) in routes)
        {
            var callerCases = new (string Name, string? Token, Func<int, string?, bool> Expected)[]
            {
                ("anonymous", null, (status, code) => audience == Audience.Anyone ? Allowed(status) : status == 401 && code == "unauthorized"),
                ("the sidecar (app token, no user)", SidecarCaller,
                    (status, code) => audience is Audience.Anyone or Audience.Sidecar ? Allowed(status) : status == 401 && code == "unauthorized"),
                ("expired token", expired, (status, code) => audience == Audience.Anyone ? Allowed(status) : status == 401 && code == "token_expired"),
                ("token signed with another key", forged, (status, code) => audience == Audience.Anyone ? Allowed(status) : status == 401 && code == "unauthorized"),
                ("deactivated cashier", callers.DeactivatedCashier,
                    (status, code) => audience == Audience.Anyone ? Allowed(status) : status == 401 && code == "account_inactive"),
                ("cashier", callers.Cashier,
                    (status, code) => audience == Audience.Owner ? status == 403 && code == "forbidden" : Allowed(status)),
                ("owner", callers.Owner,
                    (status, code) => audience == Audience.Cashier ? status == 403 && code == "forbidden" : Allowed(status)),
            };
            if (audience == Audience.SignedByIak)
            {
                callerCases = callerCases.Select(c => c with { Expected = (status, code) => status == 401 && code == "invalid_signature" }).ToArray();
            }

            if (audience == Audience.Sidecar)
            {
                // Whoever else calls, with whatever user token, is not the sidecar.
                callerCases = callerCases.Select(c => c.Token == SidecarCaller ? c : c with { Expected = (status, code) => status == 401 && code == "invalid_app_token" })
                    .ToArray();
            }

            foreach (var (name, token, expected) in callerCases)
            {
                var (status, code) = await SendAsync(client, route, token, routeValues);
                if (!expected(status, code))
                {
                    failures.Add($"{route} as {name} ({audience} route): {status} {code}");
                }
            }
        }

        failures.ShouldBeEmpty();
    }

    /// <summary>
    /// Let through: whatever the request itself deserves (a 503 from /health without a sidecar, say), but not an
    /// authorization refusal, nor a crash.
    /// </summary>
    private static bool Allowed(int status) => status is not (401 or 403 or 500);

    private static async Task<(int Status, string? Code)> SendAsync(HttpClient client, string route, string? token,
        IReadOnlyDictionary<string, string> routeValues)
    {
        var method = route[..route.IndexOf(' ')];
        var path = RouteParameter().Replace(route[(method.Length + 1)..], m => routeValues[m.Groups[1].Value]);
        using var request = new HttpRequestMessage(new HttpMethod(method == "ANY" ? "GET" : method), path);
        if (method is "POST" or "PUT" or "PATCH") request.Content = JsonContent.Create(new { });
        if (token == SidecarCaller) request.Headers.Add("dapr-api-token", TestTokens.AppApiToken);
        else if (token is not null) request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        string? code = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            code = JsonDocument.Parse(body).RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
        }

        return ((int)response.StatusCode, code);
    }

    [GeneratedRegex(@"\{([A-Za-z]+)(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
