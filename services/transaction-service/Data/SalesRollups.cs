using Microsoft.EntityFrameworkCore;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Data;

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

    /// <summary>Σ Cost of the bucket's sales: what IAK deducted for them.</summary>
    public long Cost { get; init; }

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
    public long Cost { get; init; }
    public int Count { get; init; }
}

/// <summary>
/// The rollups are kept equal to the sum over the sales by the database itself: triggers on <c>transactions</c> (migration
/// <c>SalesRollupTriggers</c>) move a sale's amount from its old bucket to its new one whenever a sale is inserted, changes
/// status, price or cost, or is deleted, in the same statement and so the same transaction. No code that writes a sale has to
/// remember them. The keys include the cashier, so concurrent sales by different cashiers never wait on one hot row.
/// </summary>
public static class SalesRollups
{
    /// <summary>
    /// Recomputes both rollups from the sales, for sales loaded around the triggers (a bulk load with triggers disabled, a restore).
    /// Their migration holds its own copy of this statement on purpose: migrations never change once released.
    /// </summary>
    public static async Task RebuildAsync(TransactionDbContext db, CancellationToken cancellationToken)
    {
        await using var unit = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM sales_daily", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("DELETE FROM sales_hourly", cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO sales_daily ("LocalDate", "CashierId", "Type", "Status", "Amount", "Cost", "Count")
            SELECT "LocalDate", "CashierId", "Type", "Status", SUM("Price"), SUM("Cost"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "CashierId", "Type", "Status"
            """, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO sales_hourly ("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Cost", "Count")
            SELECT "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status", SUM("Price"), SUM("Cost"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status"
            """, cancellationToken);
        await unit.CommitAsync(cancellationToken);
    }
}
