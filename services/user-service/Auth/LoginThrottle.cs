using System.Collections.Concurrent;

namespace TokenPln.UserService.Auth;

/// <summary>
/// Slows down password guessing without handing an attacker a way to lock others out: failures count per address
/// and per account-and-address, never per account alone, so a guesser elsewhere slows only themself while the
/// account's owner still signs in from their own address. Kept per instance, in memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock, IConfiguration configuration)
{
    private readonly int _perAccountAndAddress = configuration.GetValue("Login:MaxFailuresPerAccountAndAddress", 5);
    private readonly int _perAddress = configuration.GetValue("Login:MaxFailuresPerAddress", 20);
    private readonly TimeSpan _window = configuration.GetValue("Login:FailureWindow", TimeSpan.FromMinutes(15));
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string email, string address)
    {
        var now = clock.GetUtcNow();
        var waits = new[] { Wait(AccountAtAddress(email, address), _perAccountAndAddress, now), Wait(Address(address), _perAddress, now) };
        return waits.Max();
    }

    public void Failed(string email, string address)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { AccountAtAddress(email, address), Address(address) })
        {
            _failures.AddOrUpdate(key, _ => new Failures(now, 1),
                (_, current) => now - current.Since > _window ? new Failures(now, 1) : current with { Count = current.Count + 1 });
        }

        if (_failures.Count > 100_000)
        {
            foreach (var stale in _failures.Where(f => now - f.Value.Since > _window).Select(f => f.Key).ToList())
            {
                _failures.TryRemove(stale, out _);
            }
        }
    }

    /// <summary>
    /// A success forgives the account's failures from that address only; the address keeps its count, so one known
    /// password does not buy a guesser fresh attempts against other accounts.
    /// </summary>
    public void Succeeded(string email, string address) => _failures.TryRemove(AccountAtAddress(email, address), out _);

    private static string AccountAtAddress(string email, string address) => $"account-address:{email}|{address}";

    private static string Address(string address) => "address:" + address;

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var failures) && failures.Count >= limit && now - failures.Since < _window
            ? failures.Since + _window - now
            : null;

    private sealed record Failures(DateTimeOffset Since, int Count);
}
