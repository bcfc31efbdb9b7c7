using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.ServiceDefaults.Auth;

public static class AuthSetup
{
    /// <summary>JWT bearer validation with the shared key, and the owner and staff policies.</summary>
    public static IServiceCollection AddTokenPlnAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = JwtSettings.From(configuration);
        services.AddSingleton(settings);
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.SigningKey,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = TokenClaims.Name,
                RoleClaimType = TokenClaims.Role,
                // A cashier's token ends with the shift, to the second.
                ClockSkew = TimeSpan.Zero,
            };
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = RejectRevokedStaff,
                OnChallenge = context =>
                {
                    context.HandleResponse();
                    var (code, detail) = context.AuthenticateFailure switch
                    {
                        SecurityTokenExpiredException => (ErrorCodes.TokenExpired, "Sesi Anda sudah berakhir; silakan masuk kembali."),
                        StaffAccessRevokedException { Verdict: StaffAccessVerdict.SessionEnded } =>
                            (ErrorCodes.SessionEnded, "Sesi Anda sudah diakhiri; silakan masuk kembali."),
                        StaffAccessRevokedException { Verdict: StaffAccessVerdict.ShiftInactive } =>
                            (ErrorCodes.ShiftInactive, "Jam kerja Anda sudah tidak aktif, jadi sesi Anda berakhir. Hubungi pemilik."),
                        StaffAccessRevokedException { Verdict: StaffAccessVerdict.OutsideShift } =>
                            (ErrorCodes.OutsideShift, "Di luar jam kerja Anda saat ini, jadi sesi Anda berakhir. Silakan masuk kembali pada jam kerja Anda."),
                        StaffAccessRevokedException => (ErrorCodes.AccountInactive, "Akun Anda sudah dinonaktifkan; hubungi pemilik."),
                        _ => (ErrorCodes.Unauthorized, "Anda harus masuk terlebih dahulu."),
                    };
                    return ApiProblems.Write(context.HttpContext, StatusCodes.Status401Unauthorized, code, detail);
                },
                OnForbidden = context => ApiProblems.Write(context.HttpContext, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
                    "Peran Anda tidak berhak mengakses fitur ini."),
            };
        });
        // Lifetimes are judged by the app's clock, the same one that decides shifts, not the machine's directly.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((options, clock) =>
            options.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                if (expires is { } end && now >= end) throw new SecurityTokenExpiredException("The token has expired.") { Expires = end };
                if (notBefore is { } start && now < start) throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = start };
                return expires is not null;
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Owner, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Role, Roles.Owner))
            .AddPolicy(Policies.Cashier, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Role, Roles.Cashier))
            .AddPolicy(Policies.Staff, policy => policy.RequireAuthenticatedUser().RequireClaim(TokenClaims.Role, Roles.Owner, Roles.Cashier));
        return services;
    }

    private static async Task RejectRevokedStaff(TokenValidatedContext context)
    {
        if (context.HttpContext.RequestServices.GetService<IStaffAccessCheck>() is not { } check) return;
        if (CurrentUser.TryFrom(context.Principal!) is not { } user)
        {
            context.Fail(new SecurityTokenValidationException("The token names no user."));
            return;
        }

        // A token without iat counts as issued before any cut-off.
        var issuedAt = context.SecurityToken is JsonWebToken { IssuedAt.Ticks: > 0 } jwt ? new DateTimeOffset(jwt.IssuedAt, TimeSpan.Zero) : DateTimeOffset.MinValue;

        if (await check.CheckAsync(user, issuedAt, context.HttpContext.RequestAborted) is not StaffAccessVerdict.Allowed and var verdict)
        {
            context.Fail(new StaffAccessRevokedException(verdict));
        }
    }

    public static WebApplication UseTokenPlnAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
