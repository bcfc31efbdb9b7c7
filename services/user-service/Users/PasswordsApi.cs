using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.UserService.Auth;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Users;

public sealed record ChangeOwnPasswordRequest(string? CurrentPassword, string? NewPassword);

public sealed record ResetPasswordRequest(string? NewPassword);

/// <summary>
/// A member of staff changes their own password (knowing the current one); the owner resets anyone else's. Either
/// way every session of that user ends everywhere, so a password someone else learned stops being useful with it.
/// </summary>
public static class PasswordsApi
{
    public const int MinLength = 8;
    public const int MaxLength = 128;

    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> ChangeOwn(ChangeOwnPasswordRequest request,
        HttpContext http, UserDbContext db, TokenIssuer tokens, JwtSettings jwt, LoginThrottle throttle, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator().Text(request.CurrentPassword, "currentPassword", MaxLength);
        NewPassword(validation, request.NewPassword);
        if (!validation.IsValid) return validation.ToProblem();

        var logger = loggers.CreateLogger("TokenPln.Passwords");
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == CurrentUser.From(http.User).Id, cancellationToken);
        if (user is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, "Akun Anda tidak ditemukan.");

        // The current password is a password guess like any login: a stolen session must not become a free guessing oracle.
        var address = ClientAddress.Describe(http);
        if (await throttle.RetryAfterAsync(user.Email, address, cancellationToken) is { } wait)
        {
            logger.LogWarning("Password change throttled for {UserId} from {Address}", user.Id, address);
            return LoginApi.Throttled(http, wait);
        }

        var hasher = new PasswordHasher<User>();
        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.CurrentPassword!) == PasswordVerificationResult.Failed)
        {
            await throttle.FailedAsync(user.Email, address, CancellationToken.None);
            logger.LogInformation("Password change of {UserId} from {Address} refused: wrong current password", user.Id, address);
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, ErrorCodes.CurrentPasswordWrong, "Kata sandi saat ini salah.");
        }

        // Decided before anything changes: a cashier whose shift no longer admits them keeps their password and gets the login's refusal.
        var shift = user.OfficeHoursId is { } shiftId
            ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == shiftId, cancellationToken)
            : null;
        var now = clock.GetUtcNow();
        var admission = ShiftGate.Decide(user, shift, now, jwt.OwnerTokenLifetime, jwt.CashierTokenLifetime);
        if (admission.Refusal is { } refusal)
        {
            logger.LogInformation("Password change of {UserId} refused: {Refusal}", user.Id, refusal);
            return LoginApi.Refuse(refusal, shift);
        }

        SetPassword(db, user, request.NewPassword!, now);
        await db.SaveChangesAsync(cancellationToken);
        await throttle.SucceededAsync(user.Email, address, cancellationToken);
        logger.LogInformation("User {UserId} changed their password; their other sessions ended", user.Id);
        return TypedResults.Ok(LoginApi.Session(user, shift, admission, tokens, now));
    }

    public static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> Reset(int id, ResetPasswordRequest request,
        HttpContext http, UserDbContext db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var validation = new RequestValidator();
        NewPassword(validation, request.NewPassword);
        if (!validation.IsValid) return validation.ToProblem();

        var ownerId = CurrentUser.From(http.User).Id;
        if (id == ownerId)
        {
            // Otherwise a stolen owner session could take over the account without ever knowing its password.
            return ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.CannotResetOwnPassword,
                "Ganti kata sandi Anda sendiri melalui /api/users/me/password dengan kata sandi saat ini.");
        }

        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null) return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Pengguna dengan id {id} tidak ditemukan.");

        SetPassword(db, user, request.NewPassword!, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        loggers.CreateLogger("TokenPln.Passwords").LogInformation("Owner {OwnerId} reset the password of user {UserId}; their sessions ended", ownerId, user.Id);
        return TypedResults.NoContent();
    }

    private static void NewPassword(RequestValidator validation, string? password) =>
        validation.Text(password, "newPassword", MaxLength)
            .Check(password is null || password.Length >= MinLength, "newPassword", $"Paling sedikit {MinLength} karakter.");

    private static void SetPassword(UserDbContext db, User user, string password, DateTimeOffset now)
    {
        user.PasswordHash = new PasswordHasher<User>().HashPassword(user, password);
        user.UpdatedAt = now.UtcDateTime;
        db.EndSessions(user, now);
    }
}
