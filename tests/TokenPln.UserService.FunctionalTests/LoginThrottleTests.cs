using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.UserService.FunctionalTests;

public sealed class LoginThrottleTests : IDisposable
{
    private const string AppApiToken = "functional-app-api-token-0123456789";
    private readonly AddressedServiceFactory _factory = new();
    private HttpClient? _client;

    private HttpClient Client => _client ??= _factory.CreateClient();

    [Fact]
    public async Task Wrong_passwords_for_the_owner_throttle_the_guessing_address_while_the_owner_signs_in_from_their_own()
    {
        for (var i = 0; i < 5; i++)
        {
            // Whatever the guesser writes in X-Forwarded-For, no sidecar vouched for it: the connection's address counts.
            (await LoginAsync(OwnerEmail, "tebak-" + i, "203.0.113.7", forwardedFor: $"198.51.100.{i}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var guesser = await LoginAsync(OwnerEmail, OwnerPassword, "203.0.113.7");
        var owner = await LoginAsync(OwnerEmail, OwnerPassword, "192.0.2.10");

        guesser.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        guesser.Code.ShouldBe("too_many_attempts");
        owner.Status.ShouldBe(HttpStatusCode.OK, "the owner's own address has no failures");
    }

    [Fact]
    public async Task An_address_that_fails_against_many_accounts_is_throttled_by_its_own_limit()
    {
        for (var i = 0; i < 20; i++)
        {
            (await LoginAsync($"kasir{i}@tokenpln.local", "tebak", "203.0.113.8")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var sprayer = await LoginAsync(OwnerEmail, OwnerPassword, "203.0.113.8");
        var owner = await LoginAsync(OwnerEmail, OwnerPassword, "192.0.2.10");

        sprayer.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        sprayer.Code.ShouldBe("too_many_attempts");
        owner.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Through_the_sidecar_the_address_the_sidecar_forwarded_is_throttled_not_a_forged_one()
    {
        _factory.Settings["APP_API_TOKEN"] = AppApiToken;
        for (var i = 0; i < 5; i++)
        {
            // Everything arrives from the sidecar on loopback; only the right-most X-Forwarded-For entry is the sidecar's own.
            (await LoginAsync(OwnerEmail, "tebak-" + i, "127.0.0.1", AppApiToken, $"198.51.100.{i}, 203.0.113.9")).Status
                .ShouldBe(HttpStatusCode.Unauthorized);
        }

        var guesser = await LoginAsync(OwnerEmail, OwnerPassword, "127.0.0.1", AppApiToken, "192.0.2.10, 203.0.113.9");
        var owner = await LoginAsync(OwnerEmail, OwnerPassword, "127.0.0.1", AppApiToken, "192.0.2.10");

        guesser.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        owner.Status.ShouldBe(HttpStatusCode.OK, "same loopback connection, but the sidecar names another caller");
    }

    [Fact]
    public async Task Through_the_web_app_the_browser_it_names_is_throttled_so_one_guesser_does_not_lock_out_the_counter()
    {
        _factory.Settings["APP_API_TOKEN"] = AppApiToken;
        for (var i = 0; i < 5; i++)
        {
            // Every sign-in at the web app reaches user-service from the web app's own address; the browser differs.
            (await LoginAsync(OwnerEmail, "tebak-" + i, "127.0.0.1", AppApiToken, "10.0.0.5", callerAppId: "web-app", browser: "198.51.100.66")).Status
                .ShouldBe(HttpStatusCode.Unauthorized);
        }

        var guesser = await LoginAsync(OwnerEmail, OwnerPassword, "127.0.0.1", AppApiToken, "10.0.0.5", callerAppId: "web-app", browser: "198.51.100.66");
        var owner = await LoginAsync(OwnerEmail, OwnerPassword, "127.0.0.1", AppApiToken, "10.0.0.5", callerAppId: "web-app", browser: "192.0.2.44");

        guesser.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        owner.Status.ShouldBe(HttpStatusCode.OK, "the owner's browser has no failures, though it signs in through the same web app");
    }

    [Theory]
    [InlineData("transaction-service", AppApiToken)]
    [InlineData(null, AppApiToken)]
    [InlineData("web-app", null)]
    public async Task A_browser_address_is_ignored_unless_the_sidecar_vouches_that_the_web_app_sent_it(string? callerAppId, string? appApiToken)
    {
        _factory.Settings["APP_API_TOKEN"] = AppApiToken;
        for (var i = 0; i < 5; i++)
        {
            // A fresh forged browser address each time would dodge the throttle if it were believed.
            (await LoginAsync(OwnerEmail, "tebak-" + i, "127.0.0.1", appApiToken, "10.0.0.6", callerAppId, browser: $"198.51.100.{100 + i}")).Status
                .ShouldBe(HttpStatusCode.Unauthorized);
        }

        var guesser = await LoginAsync(OwnerEmail, OwnerPassword, "127.0.0.1", appApiToken, "10.0.0.6", callerAppId, browser: "192.0.2.45");

        guesser.Status.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    private static string OwnerEmail => ServiceFactory<Program>.OwnerEmail;

    private static string OwnerPassword => ServiceFactory<Program>.OwnerPassword;

    private async Task<(HttpStatusCode Status, string? Code)> LoginAsync(string email, string password, string remoteAddress,
        string? appApiToken = null, string? forwardedFor = null, string? callerAppId = null, string? browser = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = JsonContent.Create(new { email, password }) };
        request.Headers.Add(AddressedServiceFactory.RemoteAddressHeader, remoteAddress);
        if (appApiToken is not null) request.Headers.Add("dapr-api-token", appApiToken);
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        if (callerAppId is not null) request.Headers.Add("dapr-caller-app-id", callerAppId);
        if (browser is not null) request.Headers.Add("X-TokenPln-Browser-Address", browser);
        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()
            : null;
        return (response.StatusCode, code);
    }

    public void Dispose()
    {
        _client?.Dispose();
        _factory.Dispose();
    }
}
