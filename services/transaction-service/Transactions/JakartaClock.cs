using TokenPln.Contracts.Shifts;

namespace TokenPln.TransactionService.Transactions;

/// <summary>Reporting in WIB: the calendar day and minute of the day an instant falls on in Asia/Jakarta.</summary>
public static class JakartaClock
{
    public static (DateOnly Date, int MinuteOfDay) Bucket(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, ShiftWindow.Jakarta);
        return (DateOnly.FromDateTime(local.DateTime), local.Hour * 60 + local.Minute);
    }

    /// <summary>The end of the WIB day containing <paramref name="instant"/>, when a bill inquiry stops being payable.</summary>
    public static DateTimeOffset EndOfDay(DateTimeOffset instant) => StartOfDay(Bucket(instant).Date.AddDays(1));

    /// <summary>WIB midnight at the start of <paramref name="day"/>.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(midnight, ShiftWindow.Jakarta.GetUtcOffset(midnight));
    }
}
