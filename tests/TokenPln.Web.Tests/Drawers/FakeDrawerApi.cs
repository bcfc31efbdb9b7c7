using TokenPln.Contracts;
using TokenPln.Web.Drawers;

namespace TokenPln.Web.Tests.Drawers;

/// <summary>transaction-service's drawer routes as a test scripts them, recording what the pages sent.</summary>
internal sealed class FakeDrawerApi : IDrawerApi
{
    // 10 Juli 2024 07:54 WIB.
    public static readonly DateTimeOffset OpenedAt = new(2024, 7, 10, 7, 54, 0, TimeSpan.FromHours(7));

    public DrawerReportInfo? Current { get; set; }
    public List<long?> Opened { get; } = [];
    public List<long?> Closed { get; } = [];
    public List<(long Id, long? Counted, string? Reason)> ClosedByOwner { get; } = [];
    public List<(int? CashierId, string? Date, bool? Open)> Queries { get; } = [];
    public List<DrawerInfo> Drawers { get; } = [];
    public List<long> ReportsRead { get; } = [];

    /// <summary>The difference the close answers with: counted minus this.</summary>
    public long ExpectedAtClose { get; set; } = 220_500;

    public static DrawerInfo Drawer(long id = 1, long opening = 200_000, bool open = true, DateTimeOffset? shiftEndsAt = null, string cashier = "Kasir Satu",
        long? expected = null, long? counted = null, long? difference = null) => new(
        id, 7, cashier, 1, new DateOnly(2024, 7, 10), OpenedAt, opening, shiftEndsAt ?? OpenedAt.AddHours(7), open, open ? null : OpenedAt.AddHours(7),
        open ? null : 7, open ? null : cashier, null, expected, counted, difference, 0, 0);

    public static DrawerReportInfo Report(DrawerInfo drawer, long expected, int success = 1, long successTotal = 20_500) => new(
        drawer, [new DrawerProductLine("hpln20000", success, successTotal)], new DrawerStatusCounts(success, 0, 0), successTotal, 0, successTotal,
        [], 0, expected, drawer.CountedCash, drawer.Difference,
        new DrawerReportText($"LAPORAN 32 #{drawer.Id}\nSelisih  {drawer.Difference}", $"LAPORAN 48 KOLOM #{drawer.Id}\nSelisih  {drawer.Difference}"));

    public Task<DrawerReportInfo> OpenAsync(OpenDrawerRequest request, CancellationToken cancellationToken)
    {
        Opened.Add(request.OpeningCash);
        Current = Report(Drawer(opening: request.OpeningCash!.Value), request.OpeningCash.Value, 0, 0);
        return Task.FromResult(Current);
    }

    public async Task<DrawerReportInfo> CurrentAsync(CancellationToken cancellationToken) =>
        Current ?? throw await FakeTransactionApi.Problem(404, ErrorCodes.DrawerNotOpen, "Belum ada laci kas yang terbuka.");

    public Task<DrawerReportInfo> CloseAsync(CloseDrawerRequest request, CancellationToken cancellationToken)
    {
        Closed.Add(request.CountedCash);
        var counted = request.CountedCash!.Value;
        var drawer = (Current?.Drawer ?? Drawer()) with
        {
            Open = false, ClosedAt = OpenedAt.AddHours(8), ExpectedCash = ExpectedAtClose, CountedCash = counted, Difference = counted - ExpectedAtClose,
        };
        Current = null;
        return Task.FromResult(Report(drawer, ExpectedAtClose));
    }

    public Task<IReadOnlyList<DrawerInfo>> ListAsync(int? cashierId, string? date, bool? open, CancellationToken cancellationToken)
    {
        Queries.Add((cashierId, date, open));
        return Task.FromResult<IReadOnlyList<DrawerInfo>>(Drawers.Where(d => open is null || d.Open == open).ToList());
    }

    public Task<DrawerReportInfo> CloseByOwnerAsync(long id, OwnerCloseDrawerRequest request, CancellationToken cancellationToken)
    {
        ClosedByOwner.Add((id, request.CountedCash, request.Reason));
        var index = Drawers.FindIndex(d => d.Id == id);
        var counted = request.CountedCash!.Value;
        Drawers[index] = Drawers[index] with
        {
            Open = false, ClosedAt = OpenedAt.AddHours(9), CloseReason = request.Reason, ExpectedCash = ExpectedAtClose, CountedCash = counted,
            Difference = counted - ExpectedAtClose,
        };
        return Task.FromResult(Report(Drawers[index], ExpectedAtClose));
    }

    public Task<DrawerReportInfo> ReportAsync(long id, CancellationToken cancellationToken)
    {
        ReportsRead.Add(id);
        var drawer = Drawers.Single(d => d.Id == id);
        return Task.FromResult(Report(drawer, drawer.ExpectedCash ?? drawer.OpeningCash));
    }
}
