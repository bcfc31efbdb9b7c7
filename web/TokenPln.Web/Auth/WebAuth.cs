using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using TokenPln.Contracts;
using TokenPln.Web.Api;

namespace TokenPln.Web.Auth;

/// <summary>Claims of the web app's cookie principal.</summary>
public static class WebClaims
{
    /// <summary>user-service's JWT: kept inside the encrypted cookie and server memory, never given to the browser's JavaScript.</summary>
    public const string AccessToken = "tokenpln:jwt";
    public const string UserId = ClaimTypes.NameIdentifier;
    public const string Name = ClaimTypes.Name;
    public const string Role = ClaimTypes.Role;
    public const string Email = ClaimTypes.Email;
}

public static class WebRoles
{
    public const string Owner = "owner";
    public const string Cashier = "cashier";
}

public static class WebAuth
{
    public const string SignInPath = "/masuk";
    public const string SignOutPath = "/keluar";
    public const string CookieName = "__TokenPln";

    /// <summary>The query parameter that tells the sign-in page why the last session ended (a problem code, never free text).</summary>
    public const string ReasonParameter = "alasan";

    public static IServiceCollection AddWebAuth(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.LoginPath = SignInPath;
                options.LogoutPath = SignOutPath;
                options.AccessDeniedPath = "/";
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                // Secure whenever the request is https; the local runner serves plain http on loopback.
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.Strict;
                // The cookie lives no longer than the JWT inside it (a cashier's ends with the shift); see SignInAsync.
                options.SlidingExpiration = false;
            });
        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddHttpContextAccessor();
        services.AddSingleton<CircuitServicesAccessor>();
        services.AddScoped<CircuitHandler, CircuitServicesActivityHandler>();
        services.AddTransient<AccessTokenHandler>();
        services.AddScoped<SessionEnd>();
        return services;
    }

    public static ClaimsPrincipal PrincipalFor(LoginResult login)
    {
        var identity = new ClaimsIdentity(
        [
            new Claim(WebClaims.UserId, login.User.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(WebClaims.Name, login.User.Name),
            new Claim(WebClaims.Email, login.User.Email),
            new Claim(WebClaims.Role, login.User.Role),
            new Claim(WebClaims.AccessToken, login.Token),
        ], CookieAuthenticationDefaults.AuthenticationScheme, WebClaims.Name, WebClaims.Role);
        return new ClaimsPrincipal(identity);
    }

    public static Task SignInAsync(HttpContext http, LoginResult login) =>
        http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(login), new AuthenticationProperties
        {
            ExpiresUtc = login.ExpiresAt,
            IsPersistent = false,
            AllowRefresh = false,
        });

    /// <summary>Where a signed-in user starts: the cashier at the counter, the owner at the dashboard.</summary>
    public static string HomeFor(ClaimsPrincipal user) => user.IsInRole(WebRoles.Owner) ? "/dashboard" : "/token";

    /// <summary>
    /// Sign-out is a POST with the antiforgery token (a link would let any page sign the cashier out). user-service is told
    /// first so that the JWT is refused everywhere, not only forgotten here; if it cannot be reached the cookie still goes.
    /// </summary>
    public static IEndpointRouteBuilder MapSignOut(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SignOutPath, async (HttpContext http, IAntiforgery antiforgery, IUserApi users, ServiceCall call) =>
        {
            // The antiforgery middleware only records its verdict; an endpoint that binds no form has to act on it itself.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Permintaan tidak valid",
                    detail: "Formulir keluar tidak sah; muat ulang halaman lalu coba lagi.",
                    extensions: new Dictionary<string, object?> { ["code"] = ErrorCodes.AntiforgeryFailed });
            }

            if (http.User.Identity?.IsAuthenticated == true)
            {
                await call.RunAsync("pengguna", ct => users.LogoutAsync(ct), http.RequestAborted);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect(SignInPath);
        });
        return endpoints;
    }
}

/// <summary>
/// Sends the user back to sign-in when a service says the session is over (shift ended, logged out, account
/// deactivated), with the reason as a code the sign-in page turns into its own Indonesian sentence.
/// </summary>
public sealed class SessionEnd(Microsoft.AspNetCore.Components.NavigationManager navigation)
{
    public bool Handle(ServiceProblem? problem)
    {
        if (problem is not { SessionEnded: true }) return false;
        navigation.NavigateTo($"{WebAuth.SignInPath}?{WebAuth.ReasonParameter}={Uri.EscapeDataString(problem.Code)}", forceLoad: true);
        return true;
    }

    /// <summary>The sign-in page's sentence for a code from <see cref="Handle"/>; unknown codes get a general one.</summary>
    public static string? MessageFor(string? code) => code switch
    {
        null or "" => null,
        "outside_shift" => "Sesi Anda berakhir: saat ini di luar jam shift Anda.",
        "shift_inactive" => "Sesi Anda berakhir: shift Anda sudah tidak aktif. Hubungi pemilik.",
        "account_inactive" => "Sesi Anda berakhir: akun Anda sudah tidak aktif. Hubungi pemilik.",
        "session_ended" => "Sesi Anda sudah diakhiri (keluar atau kata sandi diganti). Silakan masuk kembali.",
        "token_expired" => "Sesi Anda sudah habis waktunya. Silakan masuk kembali.",
        _ => "Sesi Anda sudah berakhir. Silakan masuk kembali.",
    };
}

/// <summary>
/// The services of the Blazor circuit whose event is being handled. HttpClient handlers are built in their own DI scope,
/// where the circuit's <see cref="AuthenticationStateProvider"/> is out of reach; this carries it to them.
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public IServiceProvider? Services
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}

internal sealed class CircuitServicesActivityHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
            accessor.Services = null;
        };
}

/// <summary>Adds the current user's own JWT to every call to a service.</summary>
public sealed class AccessTokenHandler(CircuitServicesAccessor circuit, IHttpContextAccessor http) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = await CurrentUserAsync();
        if (user?.FindFirst(WebClaims.AccessToken)?.Value is { Length: > 0 } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private async Task<ClaimsPrincipal?> CurrentUserAsync()
    {
        // In an interactive circuit the HttpContext is the one of the first request, or none at all; the circuit's own
        // authentication state is the user of this event.
        if (circuit.Services?.GetService<AuthenticationStateProvider>() is { } provider)
        {
            return (await provider.GetAuthenticationStateAsync()).User;
        }

        return http.HttpContext?.User;
    }
}
