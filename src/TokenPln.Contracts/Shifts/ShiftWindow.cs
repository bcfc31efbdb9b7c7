namespace TokenPln.Contracts.Shifts;

/// <summary>
/// When a shift is open, in Asia/Jakarta (WIB). Times are whole minutes and both ends are inclusive:
/// 08:00–15:59 is open from 08:00:00 to 15:59:59. An end before the start crosses midnight (22:00–05:59).
/// </summary>
public static class ShiftWindow
{
    public static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    /// <summary>The open window of the shift that contains <paramref name="now"/>, or null when it is outside.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End)? Containing(TimeOnly startAt, TimeOnly endAt, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, Jakarta);
        var today = DateOnly.FromDateTime(local.DateTime);
        // A window that started yesterday (overnight) or today; the end is exclusive, one minute after endAt.
        foreach (var startDay in new[] { today.AddDays(-1), today })
        {
            var start = At(startDay, startAt);
            var endDay = endAt < startAt ? startDay.AddDays(1) : startDay;
            var end = At(endDay, endAt).AddMinutes(1);
            if (local >= start && local < end)
            {
                return (start, end);
            }
        }

        return null;
    }

    public static string Describe(TimeOnly startAt, TimeOnly endAt) => $"{startAt:HH\\:mm}–{endAt:HH\\:mm} WIB";

    private static DateTimeOffset At(DateOnly day, TimeOnly time) =>
        new(day.ToDateTime(time), Jakarta.GetUtcOffset(day.ToDateTime(time)));
}
