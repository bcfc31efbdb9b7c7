using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

/// <summary>One status of the cashier's shift: how many sales and how much money, whole rupiah.</summary>
public sealed record StatusTotal(int Count, long Amount);

/// <summary>
/// "Shift saya": the cashier's own sales in the shift window open now (WIB; a night shift counts from its start the
/// evening before). Bill inquiries are not sales and never count.
/// </summary>
public sealed record MyShiftResponse(
    int OfficeHoursId, string ShiftName, DateTimeOffset WindowStart, DateTimeOffset WindowEnd, StatusTotal Success, StatusTotal Pending,
    StatusTotal Failed);

public static class MyShiftTotals
{
    /// <summary>Null when the cashier has no shift open now (the token check refuses that first; this covers the edge).</summary>
    public static async Task<MyShiftResponse?> ForAsync(CurrentUser cashier, TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The shift the access copy says the cashier is on now, as the token check judges it; the token's claim when the copy has none.
        var copied = await db.StaffAccessCopies.AsNoTracking().Where(s => s.UserId == cashier.Id).Select(s => s.OfficeHoursId)
            .FirstOrDefaultAsync(cancellationToken);
        if ((copied ?? cashier.OfficeHoursId) is not { } shiftId) return null;
        if (await shifts.FindAsync(shiftId, cancellationToken) is not { Active: true } shift) return null;
        if (ShiftWindow.Containing(shift.StartAt, shift.EndAt, now) is not var (start, end)) return null;

        var from = start.UtcDateTime;
        var until = end.UtcDateTime;
        var rows = await db.Transactions.AsNoTracking()
            .Where(t => t.CashierId == cashier.Id && t.CreatedAt >= from && t.CreatedAt < until && t.Status != TransactionStatus.Inquiry)
            .GroupBy(t => t.Status)
            .Select(g => new { Status = g.Key, Count = g.Count(), Amount = g.Sum(t => t.Price) })
            .ToListAsync(cancellationToken);

        StatusTotal Of(TransactionStatus status) =>
            rows.FirstOrDefault(r => r.Status == status) is { } row ? new StatusTotal(row.Count, row.Amount) : new StatusTotal(0, 0);
        return new MyShiftResponse(shift.Id, shift.Name, start, end, Of(TransactionStatus.Success), Of(TransactionStatus.Pending),
            Of(TransactionStatus.Failed));
    }
}
