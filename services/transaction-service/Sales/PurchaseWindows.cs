using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using TokenPln.ServiceDefaults.Http;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.Sales;

/// <summary>
/// One row per user: the minute their purchases are being counted in and how many it holds. A row per user rather than
/// per user and minute, so the table never grows past the staff and needs no purging.
/// </summary>
public sealed class PurchaseWindow
{
    public int UserId { get; init; }

    /// <summary>Minutes since the Unix epoch.</summary>
    public long Minute { get; set; }

    public int Purchases { get; set; }
}

public sealed class PurchaseWindowConfiguration : IEntityTypeConfiguration<PurchaseWindow>
{
    public void Configure(EntityTypeBuilder<PurchaseWindow> entity)
    {
        entity.ToTable("purchase_windows");
        entity.HasKey(w => w.UserId);
        entity.Property(w => w.UserId).ValueGeneratedNever();
    }
}

/// <summary>
/// The purchase limit's count, shared by every instance: one upsert that adds this purchase and answers the minute's
/// total, atomic on SQLite and PostgreSQL alike. An instance whose clock lags keeps counting in the later minute
/// another instance already opened rather than starting it again.
/// </summary>
public sealed class PurchaseWindowCounter(TransactionDbContext db) : IPurchaseCounter
{
    public async Task<int> CountAsync(int userId, long minute, CancellationToken cancellationToken)
    {
        var counts = await db.Database.SqlQuery<int>($"""
            INSERT INTO purchase_windows ("UserId", "Minute", "Purchases") VALUES ({userId}, {minute}, 1)
            ON CONFLICT ("UserId") DO UPDATE SET
                "Purchases" = CASE WHEN purchase_windows."Minute" < excluded."Minute" THEN 1 ELSE purchase_windows."Purchases" + 1 END,
                "Minute" = CASE WHEN purchase_windows."Minute" < excluded."Minute" THEN excluded."Minute" ELSE purchase_windows."Minute" END
            RETURNING "Purchases" AS "Value"
            """).ToListAsync(cancellationToken);
        return counts.Single();
    }
}
