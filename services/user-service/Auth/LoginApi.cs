using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.UserService.Data;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.Auth;

public sealed record LoginRequest(string? Email, string? Password);

public sealed record LoginResponse(string Token, DateTimeOffset ExpiresAt, UserResponse User);

public static class LoginApi
{
    public const string InvalidCredentials = "invalid_credentials";
    public const string TooManyAttempts = ErrorCodes.TooManyAttempts;

    // Hashed once so that an unknown email costs as much time as a wrong password and reveals nothing.
    private static readonly string DummyHash = new PasswordHasher<User>().HashPassword(null!, "not-a-real-password");

    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/auth/login", Login)
            .WithTags("Auth").WithName("Login").AllowAnonymous()
            .WithSummary("Start a session: the owner at any time, a cashier only inside an active shift (WIB)");
        endpoints.MapPost("/api/auth/logout", Logout)
            .WithTags("Auth").WithName("Logout").RequireAuthorization(Policies.Staff)
            .WithSummary("End the session: every token of the user so far is refused by every service from now on");
        return endpoints;
    }

    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, HttpContext http, UserDbContext db, ShiftDirectory<UserDbContext> shifts, TokenIssuer tokens, JwtSettings jwt,
        LoginThrottle throttle,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator()
            .Email(request.Email, "email")
            .Text(request.Password, "password", 128);
        if (!validation.IsValid)
        {
            return validation.ToProblem();
        }

        var logger = loggers.CreateLogger("TokenPln.Login");
        var email = User.NormalizeEmail(request.Email!);
        var address = ClientAddress.Describe(http);
        if (await throttle.RetryAfterAsync(email, address, cancellationToken) is { } wait)
        {
            logger.LogWarning("Login throttled for {Email} from {Address}", email, address);
            return Throttled(http, wait);
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Email == email, cancellationToken);
        // PasswordHasher does not read the user it is given; the dummy hash keeps unknown emails as slow as wrong passwords.
        var hasher = new PasswordHasher<User>();
        var verified = hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? DummyHash, request.Password!) != PasswordVerificationResult.Failed;
        if (user is null || !verified)
        {
            // Not the request's token: a guesser who hangs up after the hash must still have the failure counted.
            await throttle.FailedAsync(email, address, CancellationToken.None);
            logger.LogInformation("Failed login for {Email} from {Address}", email, address);
            return ApiProblems.Problem(StatusCodes.Status401Unauthorized, InvalidCredentials, "Email atau kata sandi salah.");
        }

        var shift = user.OfficeHoursId is { } shiftId && await shifts.EnsureKnownAsync(shiftId, cancellationToken)
            ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == shiftId, cancellationToken)
            : null;
        var now = clock.GetUtcNow();
        var admission = ShiftGate.Decide(user, shift, now, jwt.OwnerTokenLifetime, jwt.CashierTokenLifetime);
        if (admission.Refusal is { } refusal)
        {
            logger.LogInformation("Login of {UserId} refused: {Refusal}", user.Id, refusal);
            return Refuse(refusal, shift);
        }

        await throttle.SucceededAsync(email, address, cancellationToken);
        logger.LogInformation("User {UserId} ({Role}) logged in until {ExpiresAt}", user.Id, user.Role, admission.ExpiresAt);
        return TypedResults.Ok(Session(user, shift, admission, tokens, now));
    }

    /// <summary>A fresh session as login answers it: a cashier's token still ends with their shift.</summary>
    internal static LoginResponse Session(User user, ShiftCopy? shift, ShiftGate.Admission admission, TokenIssuer tokens, DateTimeOffset now)
    {
        var expiresAt = TimeZoneInfo.ConvertTime(admission.ExpiresAt, ShiftWindow.Jakarta);
        return new LoginResponse(tokens.Issue(user, now, admission.ExpiresAt), expiresAt, UserResponse.From(user, shift));
    }

    internal static ProblemHttpResult Throttled(HttpContext http, TimeSpan wait)
    {
        http.Response.Headers.RetryAfter = Math.Ceiling(wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblems.Problem(StatusCodes.Status429TooManyRequests, TooManyAttempts,
            $"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {Math.Ceiling(wait.TotalMinutes)} menit.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Logout(HttpContext http, UserDbContext db, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var id = CurrentUser.From(http.User).Id;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Pengguna tidak ditemukan.");

        db.EndSessions(user, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        loggers.CreateLogger("TokenPln.Login").LogInformation("User {UserId} logged out", user.Id);
        return TypedResults.NoContent();
    }

    internal static ProblemHttpResult Refuse(LoginRefusal refusal, ShiftCopy? shift) => refusal switch
    {
        LoginRefusal.AccountInactive => ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.AccountInactive,
            "Akun Anda tidak aktif. Hubungi pemilik."),
        LoginRefusal.ShiftInactive => ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.ShiftInactive,
            "Jam kerja Anda sedang tidak aktif. Hubungi pemilik."),
        _ => ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.OutsideShift,
            $"Anda hanya dapat masuk pada jam kerja Anda ({ShiftWindow.Describe(shift!.StartAt, shift.EndAt)}).",
            extensions: new Dictionary<string, object?> { ["startAt"] = shift.StartAt.ToString("HH:mm"), ["endAt"] = shift.EndAt.ToString("HH:mm") }),
    };
}
