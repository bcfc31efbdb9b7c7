namespace TokenPln.Testing;

/// <summary>A clock a test sets: shift checks and token expiry are decided by it, not by the machine's time.</summary>
public sealed class TestClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Set(DateTimeOffset now) => _now = now;

    /// <summary>Sets the clock to a wall-clock time in Asia/Jakarta (UTC+7, no daylight saving).</summary>
    public void SetJakarta(int year, int month, int day, int hour, int minute, int second = 0) =>
        _now = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.FromHours(7));

    public void Advance(TimeSpan by) => _now += by;
}
