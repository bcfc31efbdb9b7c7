using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reporting;

/// <summary>What every rollup row is keyed by, so that one filter serves both rollups.</summary>
public interface ISalesRollupRow
{
    DateOnly LocalDate { get; }
    int CashierId { get; }
    TransactionType Type { get; }
    TransactionStatus Status { get; }
}

/// <summary>Money and count per WIB day, cashier, type and status: what the dashboard reads instead of every sale.</summary>
public sealed class DailySales : ISalesRollupRow
{
    public DateOnly LocalDate { get; init; }
    public int CashierId { get; init; }
    public TransactionType Type { get; init; }
    public TransactionStatus Status { get; init; }
    public long Amount { get; init; }
    public int Count { get; init; }
}

/// <summary>The same per WIB hour of the day, for the office-hours filter.</summary>
public sealed class HourlySales : ISalesRollupRow
{
    public DateOnly LocalDate { get; init; }
    public int LocalHour { get; init; }
    public int CashierId { get; init; }
    public TransactionType Type { get; init; }
    public TransactionStatus Status { get; init; }
    public long Amount { get; init; }
    public int Count { get; init; }
}

/// <summary>
/// Keeps the rollups equal to the sum over the transactions: every save that adds a sale or changes its status or
/// price moves its amount from the old bucket to the new one, in the same database transaction. The keys include the
/// cashier, so concurrent sales by different cashiers never wait on one hot row.
/// </summary>
public static class SalesRollup
{
    private readonly record struct Bucket(DateOnly Date, int Hour, int CashierId, TransactionType Type, TransactionStatus Status);

    /// <summary>Saves the context and the rollup changes its sales imply, atomically.</summary>
    public static async Task SaveWithRollupAsync(this TransactionDbContext db, CancellationToken cancellationToken)
    {
        var deltas = Deltas(db.ChangeTracker);
        if (deltas.Count == 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (bucket, (amount, count)) in deltas)
            {
                await ApplyAsync(db, bucket, amount, count, cancellationToken);
            }

            if (owned is not null) await owned.CommitAsync(cancellationToken);
        }
        finally
        {
            if (owned is not null) await owned.DisposeAsync();
        }
    }

    /// <summary>
    /// Recomputes both rollups from the sales, for a database filled outside the application (a bulk load, a restore).
    /// Their migration holds its own copy of this statement on purpose: migrations never change once released.
    /// </summary>
    public static async Task RebuildAsync(TransactionDbContext db, CancellationToken cancellationToken)
    {
        await using var unit = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM sales_daily", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM sales_hourly", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO sales_daily ("LocalDate", "CashierId", "Type", "Status", "Amount", "Count")
            SELECT "LocalDate", "CashierId", "Type", "Status", SUM("Price"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "CashierId", "Type", "Status"
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO sales_hourly ("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Count")
            SELECT "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status", SUM("Price"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status"
            """, cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }

    private static Dictionary<Bucket, (long Amount, int Count)> Deltas(ChangeTracker tracker)
    {
        var deltas = new Dictionary<Bucket, (long Amount, int Count)>();
        void Add(Bucket bucket, long amount, int count)
        {
            var (a, c) = deltas.GetValueOrDefault(bucket);
            deltas[bucket] = (a + amount, c + count);
        }

        foreach (var entry in tracker.Entries<Transaction>())
        {
            var t = entry.Entity;
            var current = new Bucket(t.LocalDate, t.LocalMinuteOfDay / 60, t.CashierId, t.Type, t.Status);
            if (entry.State == EntityState.Added)
            {
                Add(current, t.Price, 1);
            }
            else if (entry.State == EntityState.Modified)
            {
                var oldStatus = entry.Property(x => x.Status).OriginalValue;
                var oldPrice = entry.Property(x => x.Price).OriginalValue;
                if (oldStatus == t.Status && oldPrice == t.Price) continue;
                Add(current with { Status = oldStatus }, -oldPrice, -1);
                Add(current, t.Price, 1);
            }
        }

        foreach (var empty in deltas.Where(d => d.Value == (0, 0)).Select(d => d.Key).ToList())
        {
            deltas.Remove(empty);
        }

        return deltas;
    }

    // INSERT ... ON CONFLICT ... DO UPDATE reads the same on SQLite and PostgreSQL.
    private static async Task ApplyAsync(TransactionDbContext db, Bucket b, long amount, int count, CancellationToken cancellationToken)
    {
        var type = b.Type.ToString();
        var status = b.Status.ToString();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sales_daily ("LocalDate", "CashierId", "Type", "Status", "Amount", "Count")
            VALUES ({b.Date}, {b.CashierId}, {type}, {status}, {amount}, {count})
            ON CONFLICT ("LocalDate", "CashierId", "Type", "Status") DO UPDATE SET
                "Amount" = sales_daily."Amount" + excluded."Amount", "Count" = sales_daily."Count" + excluded."Count"
            """, cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sales_hourly ("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Count")
            VALUES ({b.Date}, {b.Hour}, {b.CashierId}, {type}, {status}, {amount}, {count})
            ON CONFLICT ("LocalDate", "LocalHour", "CashierId", "Type", "Status") DO UPDATE SET
                "Amount" = sales_hourly."Amount" + excluded."Amount", "Count" = sales_hourly."Count" + excluded."Count"
            """, cancellationToken);
    }
}
