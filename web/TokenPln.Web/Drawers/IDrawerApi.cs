using Refit;

namespace TokenPln.Web.Drawers;

/// <summary>transaction-service's cash drawers, through the web app's sidecar with the user's own token.</summary>
public interface IDrawerApi
{
    /// <summary>Cashier: opens their drawer with the opening cash; <c>409 drawer_already_open</c> when one is open.</summary>
    [Post("/api/drawers")]
    Task<DrawerReportInfo> OpenAsync([Body] OpenDrawerRequest request, CancellationToken cancellationToken);

    /// <summary>Cashier: their open drawer with its figures so far; <c>404 drawer_not_open</c> when none is open.</summary>
    [Get("/api/drawers/current")]
    Task<DrawerReportInfo> CurrentAsync(CancellationToken cancellationToken);

    [Post("/api/drawers/current/close")]
    Task<DrawerReportInfo> CloseAsync([Body] CloseDrawerRequest request, CancellationToken cancellationToken);

    /// <summary>Owner: every drawer, newest first; <c>date</c> is a WIB day written yyyy-MM-dd.</summary>
    [Get("/api/drawers")]
    Task<IReadOnlyList<DrawerInfo>> ListAsync(int? cashierId, string? date, bool? open, CancellationToken cancellationToken);

    /// <summary>Owner: closes a drawer left open past its shift's end; <c>409 drawer_shift_not_over</c> before.</summary>
    [Post("/api/drawers/{id}/close")]
    Task<DrawerReportInfo> CloseByOwnerAsync(long id, [Body] OwnerCloseDrawerRequest request, CancellationToken cancellationToken);

    [Get("/api/drawers/{id}/report")]
    Task<DrawerReportInfo> ReportAsync(long id, CancellationToken cancellationToken);
}

public sealed record OpenDrawerRequest(long? OpeningCash);

public sealed record CloseDrawerRequest(long? CountedCash);

public sealed record OwnerCloseDrawerRequest(long? CountedCash, string? Reason);

public sealed record DrawerInfo(
    long Id, int CashierId, string CashierName, int? OfficeHoursId, DateOnly LocalDate, DateTimeOffset OpenedAt, long OpeningCash,
    DateTimeOffset? ShiftEndsAt, bool Open, DateTimeOffset? ClosedAt, int? ClosedById, string? ClosedByName, string? CloseReason,
    long? ExpectedCash, long? CountedCash, long? Difference, int PendingAtClose, long PendingTotalAtClose);

public sealed record DrawerProductLine(string ProductCode, int Count, long Total);

public sealed record DrawerStatusCounts(int Success, int Failed, int Pending);

public sealed record DrawerPendingSale(string Invoice, string ProductCode, string CustomerId, long Price, DateTimeOffset CreatedAt);

/// <summary>The report printed for 58 mm (32 columns, <c>narrow</c>) and 80 mm (48 columns, <c>wide</c>) paper.</summary>
public sealed record DrawerReportText(string Narrow, string Wide);

/// <summary>
/// A drawer with its sales: <c>expectedCash</c> is what it should hold (opening plus successful sales); counted and difference
/// are set once it is closed. Pending sales are listed, not counted.
/// </summary>
public sealed record DrawerReportInfo(
    DrawerInfo Drawer, IReadOnlyList<DrawerProductLine> Products, DrawerStatusCounts Counts, long Taken, long Refunds, long SuccessTotal,
    IReadOnlyList<DrawerPendingSale> Pending, long PendingTotal, long ExpectedCash, long? CountedCash, long? Difference, DrawerReportText Text);

/// <summary>How the pages word and colour a difference (selisih): counted minus expected, negative when cash is missing.</summary>
public static class DrawerDifference
{
    public static string Describe(long difference) => difference switch
    {
        0 => "Rp 0 (pas)",
        < 0 => $"{Formatting.Rupiah.Format(difference)} (kurang)",
        _ => $"+{Formatting.Rupiah.Format(difference)} (lebih)",
    };

    /// <summary>A CSS class: green when it matches, red when short, orange when over.</summary>
    public static string CssClass(long difference) => difference switch
    {
        0 => "drawer-diff-even",
        < 0 => "drawer-diff-short",
        _ => "drawer-diff-over",
    };
}
