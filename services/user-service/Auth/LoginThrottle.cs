using Microsoft.EntityFrameworkCore;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Auth;

/// <summary>
/// Slows down password guessing without handing an attacker a way to lock others out: failures count per address
/// and per account-and-address, never per account alone, so a guesser elsewhere slows only themself while the
/// account's owner still signs in from their own address. The counts live in user-service's database, so a guesser
/// whose attempts are balanced across instances meets the same limit as on one.
/// </summary>
public sealed class LoginThrottle(UserDbContext db, TimeProvider clock, IConfiguration configuration)
{
    private readonly int _perAccountAndAddress = configuration.GetValue("Login:MaxFailuresPerAccountAndAddress", 5);
    private readonly int _perAddress = configuration.GetValue("Login:MaxFailuresPerAddress", 20);
    private readonly TimeSpan _window = configuration.GetValue("Login:FailureWindow", TimeSpan.FromMinutes(15));

    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public async Task<TimeSpan?> RetryAfterAsync(string email, string address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var accountAtAddress = AccountAtAddress(email, address);
        var addressKey = Address(address);
        var open = Since(now - _window);
        var windows = await db.LoginFailures.AsNoTracking()
            .Where(f => (f.Key == accountAtAddress || f.Key == addressKey) && f.SinceMs > open)
            .ToListAsync(cancellationToken);
        return windows
            .Where(f => f.Failures >= (f.Key == addressKey ? _perAddress : _perAccountAndAddress))
            .Select(f => (TimeSpan?)(DateTimeOffset.FromUnixTimeMilliseconds(f.SinceMs) + _window - now))
            .Max();
    }

    public async Task FailedAsync(string email, string address, CancellationToken cancellationToken)
    {
        var now = Since(clock.GetUtcNow());
        var expired = Since(clock.GetUtcNow() - _window);
        var accountAtAddress = AccountAtAddress(email, address);
        var addressKey = Address(address);
        // One atomic statement for both counts, on SQLite and PostgreSQL alike: concurrent failures on several instances
        // each add one, and a window that has run out starts again at this failure.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO login_failures ("Key", "SinceMs", "Failures") VALUES ({accountAtAddress}, {now}, 1), ({addressKey}, {now}, 1)
            ON CONFLICT ("Key") DO UPDATE SET
                "Failures" = CASE WHEN login_failures."SinceMs" <= {expired} THEN 1 ELSE login_failures."Failures" + 1 END,
                "SinceMs" = CASE WHEN login_failures."SinceMs" <= {expired} THEN excluded."SinceMs" ELSE login_failures."SinceMs" END
            """, cancellationToken);
        // Failures are rare and each already costs a password hash, so purging here keeps the table to the live windows.
        await db.LoginFailures.Where(f => f.SinceMs <= expired).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>
    /// A success forgives the account's failures from that address only; the address keeps its count, so one known
    /// password does not buy a guesser fresh attempts against other accounts.
    /// </summary>
    public async Task SucceededAsync(string email, string address, CancellationToken cancellationToken)
    {
        var key = AccountAtAddress(email, address);
        await db.LoginFailures.Where(f => f.Key == key).ExecuteDeleteAsync(cancellationToken);
    }

    private static string AccountAtAddress(string email, string address) => $"account-address:{email}|{address}";

    private static string Address(string address) => "address:" + address;

    private static long Since(DateTimeOffset at) => at.ToUnixTimeMilliseconds();
}

/// <summary>
/// The failed logins of one key (an address, or an account at an address) in the window that began at its first failure.
/// Milliseconds since the epoch, so that the upsert compares numbers on both providers.
/// </summary>
public sealed class LoginFailureWindow
{
    public const int KeyMaxLength = 600;

    public required string Key { get; init; }
    public long SinceMs { get; set; }
    public int Failures { get; set; }
}
