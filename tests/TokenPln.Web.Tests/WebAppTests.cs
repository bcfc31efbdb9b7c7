using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Web.Api;
using TokenPln.Web.Auth;
using TokenPln.Web.Security;

namespace TokenPln.Web.Tests;

/// <summary>The web app's HTTP edge: sign-in, the cookie, the headers, sign-out's antiforgery. user-service is faked.</summary>
public class WebAppTests : IClassFixture<WebAppTests.Factory>
{
    private readonly Factory _factory;

    public WebAppTests(Factory factory) => _factory = factory;

    public sealed class Factory : WebApplicationFactory<Program>
    {
        public FakeUserApi Users { get; } = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("APP_ID", "web-app");
            builder.ConfigureTestServices(services => services.AddSingleton<IUserApi>(Users));
        }
    }

    public sealed class FakeUserApi : IUserApi
    {
        public async Task<LoginResult> LoginAsync(LoginRequest request, CancellationToken cancellationToken = default)
        {
            if (request.Password != "Kasir#12345") throw await FakeTransactionApi.Problem(401, "invalid_credentials", "Email atau kata sandi salah.");
            // Expiry far ahead of any test, not read from the wall clock: the cookie only has to outlive the test.
            return new LoginResult("header.payload.signature", new DateTimeOffset(2999, 1, 1, 0, 0, 0, TimeSpan.Zero),
                new StaffMember(2, "K001", "Sari", request.Email, null, null, "cashier", true, 1, null));
        }

        public Task LogoutAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<StaffMember> GetMeAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }

    private HttpClient Client() => _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string password)
    {
        var form = await client.GetStringAsync("/masuk");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/masuk", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "masuk", ["__RequestVerificationToken"] = token, ["Input.Email"] = "sari@tokenpln.local", ["Input.Password"] = password,
        }));
    }

    [Fact]
    public async Task Pages_carry_the_security_headers_and_a_policy_without_inline_scripts()
    {
        using var response = await Client().GetAsync("/masuk");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy);
        SecurityHeaders.ContentSecurityPolicy.ShouldContain("script-src 'self';");
        SecurityHeaders.ContentSecurityPolicy.ShouldNotContain("unsafe-eval");
        response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        var html = await response.Content.ReadAsStringAsync();
        // Inline scripts would be blocked by the policy: the page must not need any.
        Regex.IsMatch(html, "<script(?![^>]*\\bsrc=)[^>]*>").ShouldBeFalse();
        html.ShouldContain("name=\"__RequestVerificationToken\"");
        html.ShouldContain("<label for=\"email\">Email</label>");
    }

    [Fact]
    public async Task The_web_app_serves_no_swagger_of_the_service_defaults()
    {
        using var response = await Client().GetAsync("/swagger/v1/swagger.json");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_without_a_session_sends_to_sign_in()
    {
        using var response = await Client().GetAsync("/token");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldStartWith("http://localhost/masuk");
    }

    [Fact]
    public async Task Signing_in_sets_an_httponly_samesite_strict_cookie_and_opens_the_cashier_page()
    {
        var client = Client();

        using var response = await SignInAsync(client, "Kasir#12345");

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe("/token");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebAuth.CookieName + "=", StringComparison.Ordinal));
        cookie.ShouldContain("httponly", Case.Insensitive);
        cookie.ShouldContain("samesite=strict", Case.Insensitive);
        // The JWT travels only encrypted inside the cookie.
        cookie.ShouldNotContain("header.payload.signature");
        (await client.GetAsync("/token")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refused_sign_in_shows_the_service_detail_and_sets_no_cookie()
    {
        using var response = await SignInAsync(Client(), "salah");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Email atau kata sandi salah.");
        response.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith(WebAuth.CookieName + "=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_without_the_antiforgery_token_is_refused()
    {
        var client = Client();
        await SignInAsync(client, "Kasir#12345");

        using var response = await client.PostAsync("/keluar", new FormUrlEncodedContent([]));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"\"code\":\"{TokenPln.Contracts.ErrorCodes.AntiforgeryFailed}\"");
        (await client.GetAsync("/token")).StatusCode.ShouldBe(HttpStatusCode.OK, "the session must survive a forged sign-out");
    }

    [Fact]
    public async Task Sign_out_with_the_form_token_ends_the_session()
    {
        var client = Client();
        await SignInAsync(client, "Kasir#12345");
        var page = await client.GetStringAsync("/token");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var response = await client.PostAsync("/keluar", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldBe("/masuk");
        (await client.GetAsync("/token")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task The_session_end_reason_on_the_sign_in_page_is_our_own_sentence_and_clears_the_cookie()
    {
        var client = Client();
        await SignInAsync(client, "Kasir#12345");

        using var response = await client.GetAsync("/masuk?alasan=outside_shift");

        (await response.Content.ReadAsStringAsync()).ShouldContain("Sesi Anda berakhir: saat ini di luar jam shift Anda.");
        (await client.GetAsync("/token")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}

public class AccessTokenHandlerTests
{
    private sealed class Capture : HttpMessageHandler
    {
        public string? Authorization { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Authorization = request.Headers.Authorization?.ToString();
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }

    private sealed class FixedState(ClaimsPrincipal user) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() => Task.FromResult(new AuthenticationState(user));
    }

    private static ClaimsPrincipal UserWith(string jwt) => new(new ClaimsIdentity([new Claim(WebClaims.AccessToken, jwt)], "test"));

    [Fact]
    public async Task In_a_circuit_the_bearer_is_the_circuit_user_own_jwt_not_the_first_request_user()
    {
        var circuit = new CircuitServicesAccessor
        {
            Services = new ServiceCollection().AddSingleton<AuthenticationStateProvider>(new FixedState(UserWith("circuit-jwt"))).BuildServiceProvider(),
        };
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = UserWith("other-jwt") } };
        var capture = new Capture();
        using var client = new HttpClient(new AccessTokenHandler(circuit, http) { InnerHandler = capture });

        await client.GetAsync("http://user-service/api/users/me");

        capture.Authorization.ShouldBe("Bearer circuit-jwt");
        circuit.Services = null;
    }

    [Fact]
    public async Task Outside_a_circuit_the_bearer_comes_from_the_request_and_none_without_a_user()
    {
        var http = new HttpContextAccessor { HttpContext = new DefaultHttpContext { User = UserWith("request-jwt") } };
        var capture = new Capture();
        using var client = new HttpClient(new AccessTokenHandler(new CircuitServicesAccessor(), http) { InnerHandler = capture });

        await client.GetAsync("http://user-service/api/users/me");
        capture.Authorization.ShouldBe("Bearer request-jwt");

        http.HttpContext = new DefaultHttpContext();
        await client.GetAsync("http://user-service/api/users/me");
        capture.Authorization.ShouldBeNull();
    }
}
