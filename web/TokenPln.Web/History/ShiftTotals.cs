using TokenPln.Web.Formatting;
using TokenPln.Web.Owner;

namespace TokenPln.Web.History;

/// <summary>One status of "Shift saya": its label, how many sales and how much money.</summary>
public sealed record ShiftFigure(string Status, string Label, int Count, long Amount);

/// <summary>What "Shift saya" shows of transaction-service's answer.</summary>
public static class ShiftTotals
{
    public static IReadOnlyList<ShiftFigure> Figures(MyShiftInfo shift) =>
    [
        new("success", StatusLabels.Of("success"), shift.Success.Count, shift.Success.Amount),
        new("pending", StatusLabels.Of("pending"), shift.Pending.Count, shift.Pending.Amount),
        new("failed", StatusLabels.Of("failed"), shift.Failed.Count, shift.Failed.Amount),
    ];

    public static int Count(MyShiftInfo shift) => shift.Success.Count + shift.Pending.Count + shift.Failed.Count;

    /// <summary>
    /// The window as the shift is written (07:00–14:59): the service's end is exclusive, a minute after the shift's last.
    /// A night shift names both days.
    /// </summary>
    public static string Window(MyShiftInfo shift)
    {
        var start = Wib.ToWib(shift.WindowStart);
        var last = Wib.ToWib(shift.WindowEnd.AddMinutes(-1));
        return start.Date == last.Date
            ? $"{Wib.Format(shift.WindowStart)}–{last:HH\\:mm} WIB"
            : $"{Wib.Format(shift.WindowStart)} – {Wib.Format(shift.WindowEnd.AddMinutes(-1))} WIB";
    }
}
