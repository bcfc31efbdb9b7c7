using System.Diagnostics;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// Lets an on-demand reload of an in-memory copy through at most once per interval, so that a flood of requests the copy
/// would refuse cannot become a flood of queries. A guard on load, measured on the machine's monotonic clock, not a rule of
/// the business's time.
/// </summary>
public sealed class ReloadThrottle(TimeSpan interval)
{
    private long _last = long.MinValue / 2;

    /// <summary>True for the one caller that may reload now.</summary>
    public bool TryEnter()
    {
        var now = Stopwatch.GetTimestamp();
        var last = Interlocked.Read(ref _last);
        return Stopwatch.GetElapsedTime(last, now) >= interval && Interlocked.CompareExchange(ref _last, now, last) == last;
    }
}
