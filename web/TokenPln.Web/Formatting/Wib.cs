using System.Globalization;
using TokenPln.Contracts.Shifts;

namespace TokenPln.Web.Formatting;

/// <summary>Times as the counter reads them, always in WIB (<see cref="ShiftWindow.Jakarta"/>): <c>10 Juli 2024 07:54</c>.</summary>
public static class Wib
{
    // Written out rather than taken from the id-ID culture: the host's ICU data must not change what a receipt says.
    private static readonly string[] Months =
        ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

    public static DateTimeOffset ToWib(DateTimeOffset time) => TimeZoneInfo.ConvertTime(time, ShiftWindow.Jakarta);

    public static string Format(DateTimeOffset time)
    {
        var wib = ToWib(time);
        return $"{wib.Day} {Months[wib.Month - 1]} {wib.Year} {wib.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    public static string FormatDate(DateTimeOffset time)
    {
        var wib = ToWib(time);
        return $"{wib.Day} {Months[wib.Month - 1]} {wib.Year}";
    }

    /// <summary>A billing month as a PLN bill names it: <c>202410</c> is <c>Oktober 2024</c>; anything else is shown as given.</summary>
    public static string Period(string period) =>
        period.Length == 6 && period.All(char.IsAsciiDigit) && int.Parse(period[4..], CultureInfo.InvariantCulture) is var month and >= 1 and <= 12
            ? $"{Months[month - 1]} {period[..4]}"
            : period;
}
