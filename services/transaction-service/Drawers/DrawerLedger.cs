using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Contracts.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Drawers;

public sealed record DrawerResult(DrawerReport? Report, ProblemHttpResult? Problem);

/// <summary>
/// Opens and closes cash drawers. At close the expected cash is the opening plus what successful sales took (failed sales
/// took their price and handed it back as a refund, so they add nothing). A sale still pending at close is listed as open
/// and not counted: nobody knows yet whether its money stays. When it settles later the drawer's recorded expected cash and
/// difference are not rewritten; a later success means its money was rightly in the drawer (it explains a surplus of that
/// amount), a later failure means the customer is owed the money back from the next drawer. The report always shows the
/// sales as they are now beside the figures recorded at close.
/// </summary>
public sealed class DrawerLedger(IDrawerDbContext db, IShiftLookup shifts, TimeProvider clock, ILogger<DrawerLedger> logger)
{
    public async Task<DrawerResult> OpenAsync(CurrentUser cashier, long openingCash, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var shift = cashier.OfficeHoursId is { } shiftId ? await shifts.FindAsync(shiftId, cancellationToken) : null;
        var window = shift is null ? null : ShiftWindow.Containing(shift.StartAt, shift.EndAt, now);
        var drawer = new CashDrawer
        {
            CashierId = cashier.Id,
            CashierName = cashier.Name,
            OfficeHoursId = cashier.OfficeHoursId,
            LocalDate = JakartaClock.Bucket(now).Date,
            OpenedAt = now.UtcDateTime,
            OpeningCash = openingCash,
            ShiftEndsAt = window?.End.UtcDateTime,
        };
        db.CashDrawers.Add(drawer);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The one-open-drawer index: this cashier already has one (perhaps opened a moment ago from another tab).
            db.ChangeTracker.Clear();
            return new(null, ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.DrawerAlreadyOpen,
                "Laci kas Anda masih terbuka; tutup dulu sebelum membuka yang baru."));
        }

        logger.LogInformation("Drawer {DrawerId} opened by cashier {CashierId} with {OpeningCash}", drawer.Id, cashier.Id, openingCash);
        return new(DrawerReport.Of(drawer, []), null);
    }

    public async Task<DrawerResult> CurrentAsync(CurrentUser cashier, CancellationToken cancellationToken)
    {
        var drawer = await OpenDrawerOfAsync(cashier.Id, tracked: false, cancellationToken);
        return drawer is null ? new(null, NotOpen()) : new(DrawerReport.Of(drawer, await SalesAsync(drawer.Id, cancellationToken)), null);
    }

    public async Task<DrawerResult> CloseOwnAsync(CurrentUser cashier, long countedCash, CancellationToken cancellationToken)
    {
        var drawer = await OpenDrawerOfAsync(cashier.Id, tracked: true, cancellationToken);
        return drawer is null ? new(null, NotOpen()) : await CloseAsync(drawer, countedCash, cashier, null);
    }

    /// <summary>The owner closes a drawer its cashier left open past the end of its shift, with a reason kept on the drawer.</summary>
    public async Task<DrawerResult> CloseByOwnerAsync(long id, CurrentUser owner, long countedCash, string reason, CancellationToken cancellationToken)
    {
        var drawer = await db.CashDrawers.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (drawer is null) return new(null, ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Laci kas #{id} tidak ditemukan."));
        if (!drawer.IsOpen) return new(null, AlreadyClosed());
        if (drawer.ShiftEndsAt is { } ends && clock.GetUtcNow().UtcDateTime < ends)
        {
            return new(null, ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.DrawerShiftNotOver,
                $"Shift laci kas ini belum selesai (sampai {DrawerText.Wib(ends)} WIB); kasir menutupnya sendiri."));
        }

        return await CloseAsync(drawer, countedCash, owner, reason);
    }

    public async Task<DrawerReport?> ReportAsync(long id, CurrentUser reader, CancellationToken cancellationToken)
    {
        var drawer = await db.CashDrawers.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && (reader.IsOwner || d.CashierId == reader.Id),
            cancellationToken);
        return drawer is null ? null : DrawerReport.Of(drawer, await SalesAsync(drawer.Id, cancellationToken));
    }

    public async Task<IReadOnlyList<DrawerResponse>> ListAsync(int? cashierId, DateOnly? date, bool? open, CancellationToken cancellationToken)
    {
        var drawers = db.CashDrawers.AsNoTracking();
        if (cashierId is { } cashier) drawers = drawers.Where(d => d.CashierId == cashier);
        if (date is { } day) drawers = drawers.Where(d => d.LocalDate == day);
        if (open is true) drawers = drawers.Where(d => d.ClosedAt == null);
        if (open is false) drawers = drawers.Where(d => d.ClosedAt != null);
        var list = await drawers.OrderByDescending(d => d.OpenedAt).ThenByDescending(d => d.Id).Take(500).ToListAsync(cancellationToken);
        return list.Select(DrawerResponse.From).ToList();
    }

    private async Task<DrawerResult> CloseAsync(CashDrawer drawer, long countedCash, CurrentUser by, string? reason)
    {
        var sales = await SalesAsync(drawer.Id, CancellationToken.None);
        var pending = sales.Where(s => s.Status == TransactionStatus.Pending).ToList();
        var expected = DrawerReport.Expected(drawer, sales);
        drawer.ClosedAt = clock.GetUtcNow().UtcDateTime;
        drawer.ClosedById = by.Id;
        drawer.ClosedByName = by.Name;
        drawer.CloseReason = reason;
        drawer.ExpectedCash = expected;
        drawer.CountedCash = countedCash;
        drawer.Difference = countedCash - expected;
        drawer.PendingAtClose = pending.Count;
        drawer.PendingTotalAtClose = pending.Sum(s => s.Price);
        drawer.Version++;
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The cashier and the owner closed it at the same moment: the first close stands.
            db.ChangeTracker.Clear();
            return new(null, AlreadyClosed());
        }

        logger.LogInformation("Drawer {DrawerId} of cashier {CashierId} closed by {ClosedById}: expected {Expected}, counted {Counted}, difference {Difference}, {Pending} pending",
            drawer.Id, drawer.CashierId, by.Id, expected, countedCash, drawer.Difference, pending.Count);
        return new(DrawerReport.Of(drawer, sales), null);
    }

    private Task<CashDrawer?> OpenDrawerOfAsync(int cashierId, bool tracked, CancellationToken cancellationToken)
    {
        var drawers = tracked ? db.CashDrawers : db.CashDrawers.AsNoTracking();
        return drawers.FirstOrDefaultAsync(d => d.CashierId == cashierId && d.ClosedAt == null, cancellationToken);
    }

    private async Task<List<DrawerReport.Sale>> SalesAsync(long drawerId, CancellationToken cancellationToken) =>
        await db.Transactions.AsNoTracking().Where(t => t.DrawerId == drawerId)
            .Select(t => new DrawerReport.Sale(t.Invoice, t.ProductCode, t.CustomerId, t.Status, t.Price, t.CreatedAt)).ToListAsync(cancellationToken);

    private static ProblemHttpResult NotOpen() => ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.DrawerNotOpen,
        "Belum ada laci kas yang terbuka; buka laci kas dengan modal awal.");

    private static ProblemHttpResult AlreadyClosed() => ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.DrawerClosed,
        "Laci kas ini sudah ditutup.");
}
