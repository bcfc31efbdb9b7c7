using System.Globalization;
using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

/// <summary>The filters of the transaction list and the dashboard, as query parameters.</summary>
public sealed record TransactionQuery(
    string? Type, int? CashierId, string? From, string? To, int? OfficeHoursId, string? Status, string? Search, int? Page, int? PageSize,
    string? Disputed = null);

/// <summary>
/// The filters of the original design, checked and resolved: product type, cashier, WIB date range, office hours
/// (by the hours of the shift, from the local copy, so it works while master-service is down), status, and a
/// search by invoice or customer number. A cashier only ever sees their own sales.
/// </summary>
public sealed record TransactionFilter(
    TransactionType? Type, int? CashierId, DateOnly? From, DateOnly? To, ShiftCopy? Shift, TransactionStatus? Status, string? Search,
    bool? Disputed = null)
{
    public const int MaxRangeDays = 366;

    public static async Task<(TransactionFilter? Filter, RequestValidator Errors, bool Forbidden)> ParseAsync(TransactionQuery query, CurrentUser user,
        TransactionDbContext db, ShiftDirectory<TransactionDbContext> shifts, CancellationToken cancellationToken)
    {
        var errors = new RequestValidator();
        var type = query.Type?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => (TransactionType?)null,
            "prepaid" => TransactionType.Prepaid,
            "postpaid" or "plnpostpaid" => TransactionType.Postpaid,
            "nontaglis" or "non-taglis" or "plnnontag" => TransactionType.Nontaglis,
            _ => Invalid<TransactionType>(errors, "type", "Pilih all, prepaid, postpaid (PLNPOSTPAID) atau nontaglis."),
        };
        var status = query.Status?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => (TransactionStatus?)null,
            "inquiry" => TransactionStatus.Inquiry,
            "pending" => TransactionStatus.Pending,
            "success" => TransactionStatus.Success,
            "failed" => TransactionStatus.Failed,
            _ => Invalid<TransactionStatus>(errors, "status", "Pilih inquiry, pending, success atau failed."),
        };
        var disputed = query.Disputed?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => (bool?)null,
            "true" => true,
            "false" => false,
            _ => Invalid<bool>(errors, "disputed", "Pilih true atau false."),
        };
        var from = Date(query.From, "from", errors);
        var to = Date(query.To, "to", errors);
        errors.Check(from is null || to is null || from <= to, "to", "Tanggal akhir tidak boleh sebelum tanggal awal.");
        errors.Check(from is null || to is null || to.Value.DayNumber - from.Value.DayNumber < MaxRangeDays, "to", $"Rentang paling lama {MaxRangeDays} hari.");
        errors.Text(query.Search, "search", 30, required: false);
        errors.Check(query.CashierId is null or > 0, "cashierId", "Id kasir tidak valid.");
        ShiftCopy? shift = null;
        if (query.OfficeHoursId is { } shiftId)
        {
            shift = await shifts.EnsureKnownAsync(shiftId, cancellationToken)
                ? await db.ShiftCopies.AsNoTracking().FirstOrDefaultAsync(o => o.Id == shiftId, cancellationToken)
                : null;
            errors.Check(shift is not null, "officeHoursId", "Jam kerja tidak ditemukan.");
        }

        if (!user.IsOwner && query.CashierId is { } asked && asked != user.Id)
        {
            return (null, errors, true);
        }

        var cashierId = user.IsOwner ? query.CashierId : user.Id;
        var search = string.IsNullOrWhiteSpace(query.Search) ? null : query.Search.Trim();
        return (errors.IsValid ? new TransactionFilter(type, cashierId, from, to, shift, status, search, disputed) : null, errors, false);
    }

    public IQueryable<Transaction> Apply(IQueryable<Transaction> transactions)
    {
        if (Type is { } type) transactions = transactions.Where(t => t.Type == type);
        if (CashierId is { } cashier) transactions = transactions.Where(t => t.CashierId == cashier);
        // WIB days as a CreatedAt range, so the CreatedAt index serves both the filter and the newest-first order.
        if (From is { } from)
        {
            var start = JakartaClock.StartOfDay(from).UtcDateTime;
            transactions = transactions.Where(t => t.CreatedAt >= start);
        }

        if (To is { } to)
        {
            var end = JakartaClock.StartOfDay(to.AddDays(1)).UtcDateTime;
            transactions = transactions.Where(t => t.CreatedAt < end);
        }
        if (Status is { } status) transactions = transactions.Where(t => t.Status == status);
        if (Disputed is { } disputed) transactions = transactions.Where(t => t.Disputed == disputed);
        if (Search is { } search) transactions = transactions.Where(t => t.Invoice == search || t.CustomerId.StartsWith(search));
        if (Shift is { } shift)
        {
            var start = shift.StartAt.Hour * 60 + shift.StartAt.Minute;
            var end = shift.EndAt.Hour * 60 + shift.EndAt.Minute;
            transactions = start <= end
                ? transactions.Where(t => t.LocalMinuteOfDay >= start && t.LocalMinuteOfDay <= end)
                : transactions.Where(t => t.LocalMinuteOfDay >= start || t.LocalMinuteOfDay <= end);
        }

        return transactions;
    }

    /// <summary>
    /// How many sales match, for the list's <c>total</c>: summed from the rollups where they can answer (they are kept
    /// equal to the sales), counted from the sales for a search or a shift that is not on whole hours.
    /// </summary>
    public async Task<int> CountAsync(TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (!RollupsCanAnswer)
        {
            return await Apply(db.Transactions.AsNoTracking()).CountAsync(cancellationToken);
        }

        return Shift is { } shift
            ? await Hours(db, shift).SumAsync(h => h.Count, cancellationToken)
            : await Days(db).SumAsync(d => d.Count, cancellationToken);
    }

    /// <summary>
    /// The dashboard's (day, status) totals, read from the rollups so that the cost follows the number of days, cashiers
    /// and shifts rather than the number of sales. A search, or a shift that does not start and end on whole hours, is
    /// answered from the sales themselves.
    /// </summary>
    public async Task<List<DailyStatusTotal>> DashboardRowsAsync(TransactionDbContext db, CancellationToken cancellationToken)
    {
        if (!RollupsCanAnswer)
        {
            return await Apply(db.Transactions.AsNoTracking())
                .Where(t => t.Status != TransactionStatus.Inquiry)
                .GroupBy(t => new { t.LocalDate, t.Status })
                .Select(g => new DailyStatusTotal(g.Key.LocalDate, g.Key.Status, g.Sum(t => t.Price), g.Count()))
                .ToListAsync(cancellationToken);
        }

        if (Shift is { } shift)
        {
            return await Hours(db, shift).Where(h => h.Status != TransactionStatus.Inquiry)
                .GroupBy(h => new { h.LocalDate, h.Status })
                .Select(g => new DailyStatusTotal(g.Key.LocalDate, g.Key.Status, g.Sum(h => h.Amount), g.Sum(h => h.Count)))
                .ToListAsync(cancellationToken);
        }

        return await Days(db).Where(d => d.Status != TransactionStatus.Inquiry)
            .GroupBy(d => new { d.LocalDate, d.Status })
            .Select(g => new DailyStatusTotal(g.Key.LocalDate, g.Key.Status, g.Sum(d => d.Amount), g.Sum(d => d.Count)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Disputed sales under the same filters, counted from the sales themselves: there are few, and the index on the
    /// flag finds them without reading the rest.
    /// </summary>
    public async Task<DisputedTotals> DisputedAsync(TransactionDbContext db, CancellationToken cancellationToken)
    {
        var disputed = OnlyDisputed(Apply(db.Transactions.AsNoTracking()), db);
        var count = await disputed.CountAsync(cancellationToken);
        var amount = count == 0 ? 0 : await disputed.SumAsync(t => t.Price, cancellationToken);
        return new DisputedTotals(count, amount);
    }

    /// <summary>
    /// The disputed ones among <paramref name="sales"/>, found by key among the few disputed sales (their own partial index):
    /// left to itself, SQLite's planner took the filter's type and status index and read every sale of them instead.
    /// </summary>
    public static IQueryable<Transaction> OnlyDisputed(IQueryable<Transaction> sales, TransactionDbContext db)
    {
        var disputedIds = db.Transactions.Where(t => t.Disputed).Select(t => t.Id);
        return sales.Where(t => disputedIds.Contains(t.Id));
    }

    /// <summary>The rollups know days, hours, cashiers, types and statuses; not customers, invoices, minutes or disputes.</summary>
    internal bool RollupsCanAnswer => Search is null && Disputed is null && (Shift is null || (Shift.StartAt.Minute == 0 && Shift.EndAt.Minute == 59));

    internal IQueryable<DailySales> Days(TransactionDbContext db) => Filtered(db.DailySales.AsNoTracking());

    /// <summary>The filters both rollups know; only the hour of the day is the hourly rollup's own.</summary>
    private IQueryable<TRow> Filtered<TRow>(IQueryable<TRow> rows) where TRow : class, ISalesRollupRow
    {
        if (Type is { } type) rows = rows.Where(r => r.Type == type);
        if (CashierId is { } cashier) rows = rows.Where(r => r.CashierId == cashier);
        if (From is { } from) rows = rows.Where(r => r.LocalDate >= from);
        if (To is { } to) rows = rows.Where(r => r.LocalDate <= to);
        if (Status is { } status) rows = rows.Where(r => r.Status == status);
        return rows;
    }

    internal IQueryable<HourlySales> Hours(TransactionDbContext db, ShiftCopy shift)
    {
        var hours = Filtered(db.HourlySales.AsNoTracking());
        int first = shift.StartAt.Hour, last = shift.EndAt.Hour;
        return first <= last ? hours.Where(h => h.LocalHour >= first && h.LocalHour <= last) : hours.Where(h => h.LocalHour >= first || h.LocalHour <= last);
    }

    private static DateOnly? Date(string? text, string field, RequestValidator errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var ok = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date);
        errors.Check(ok, field, "Tanggal harus berformat yyyy-MM-dd.");
        return ok ? date : null;
    }

    private static T? Invalid<T>(RequestValidator errors, string field, string message) where T : struct
    {
        errors.Check(false, field, message);
        return null;
    }
}
