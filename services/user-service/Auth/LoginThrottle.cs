using System.Collections.Concurrent;

namespace TokenPln.UserService.Auth;

/// <summary>
/// Slows down password guessing: after too many failed logins for one account or from one address within
/// the window, further attempts are refused until the window passes. Kept per instance, in memory.
/// </summary>
public sealed class LoginThrottle(TimeProvider clock, IConfiguration configuration)
{
    private readonly int _perAccount = configuration.GetValue("Login:MaxFailuresPerAccount", 5);
    private readonly int _perAddress = configuration.GetValue("Login:MaxFailuresPerAddress", 20);
    private readonly TimeSpan _window = configuration.GetValue("Login:FailureWindow", TimeSpan.FromMinutes(15));
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>How long the caller must wait, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string email, string address)
    {
        var now = clock.GetUtcNow();
        var waits = new[] { Wait("account:" + email, _perAccount, now), Wait("address:" + address, _perAddress, now) };
        return waits.Max();
    }

    public void Failed(string email, string address)
    {
        var now = clock.GetUtcNow();
        foreach (var key in new[] { "account:" + email, "address:" + address })
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

    public void Succeeded(string email) => _failures.TryRemove("account:" + email, out _);

    private TimeSpan? Wait(string key, int limit, DateTimeOffset now) =>
        _failures.TryGetValue(key, out var failures) && failures.Count >= limit && now - failures.Since < _window
            ? failures.Since + _window - now
            : null;

    private sealed record Failures(DateTimeOffset Since, int Count);
}
