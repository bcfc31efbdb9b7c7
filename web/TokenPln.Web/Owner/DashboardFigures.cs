using System.Globalization;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Owner;

public sealed record StatusFigure(string Status, string Label, long Amount, int Count);

public sealed record DailySeries(string Status, string Label, long[] Amounts);

/// <summary>
/// What the dashboard shows, computed from transaction-service's answer: a card per status (amount and count), the
/// counts by status for one chart and, for the other, the amounts by status per WIB day. Days without sales are
/// not invented: the series follows the days the service reports.
/// </summary>
public sealed record DashboardFigures(
    IReadOnlyList<StatusFigure> Cards, string[] CountLabels, long[] Counts, string[] DayLabels, IReadOnlyList<DailySeries> Daily,
    int TotalCount, int DisputedCount, long DisputedAmount)
{
    public static readonly DashboardFigures Empty = From(new DashboardAnswer(0, 0, 0, new StatusCountsAnswer(0, 0, 0), [], null));

    public bool HasSales => TotalCount > 0;

    public static DashboardFigures From(DashboardAnswer answer)
    {
        StatusFigure[] cards =
        [
            new("success", StatusLabels.Of("success"), answer.SuccessAmount, answer.Counts.Success),
            new("pending", StatusLabels.Of("pending"), answer.PendingAmount, answer.Counts.Pending),
            new("failed", StatusLabels.Of("failed"), answer.FailedAmount, answer.Counts.Failed),
        ];
        var days = answer.Daily.OrderBy(d => d.Date).ToList();
        DailySeries[] daily =
        [
            new("success", StatusLabels.Of("success"), days.Select(d => d.Success).ToArray()),
            new("pending", StatusLabels.Of("pending"), days.Select(d => d.Pending).ToArray()),
            new("failed", StatusLabels.Of("failed"), days.Select(d => d.Failed).ToArray()),
        ];
        return new DashboardFigures(cards, cards.Select(c => c.Label).ToArray(), cards.Select(c => (long)c.Count).ToArray(),
            days.Select(d => d.Date.ToString("d MMM", Indonesian)).ToArray(), daily, cards.Sum(c => c.Count),
            answer.Disputed?.Count ?? 0, answer.Disputed?.Amount ?? 0);
    }

    private static readonly CultureInfo Indonesian = CultureInfo.GetCultureInfo("id-ID");
}

/// <summary>The owner's words for a sale's status and type.</summary>
public static class StatusLabels
{
    public static string Of(string status) => status switch
    {
        "success" => "Berhasil",
        "pending" => "Diproses",
        "failed" => "Gagal",
        "inquiry" => "Cek tagihan",
        _ => status,
    };

    public static string OfType(string type) => OwnerFilter.Types.FirstOrDefault(t => t.Value == type).Label ?? type;
}
