using Microsoft.EntityFrameworkCore;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Drawers;

/// <summary>
/// A cashier's cash drawer for one shift: opened with the opening cash (modal awal), closed with the cash counted. What the
/// drawer should hold is computed from its sales at close and kept with the count, so a later change to a sale never
/// rewrites a count that was signed off.
/// </summary>
public sealed class CashDrawer
{
    public long Id { get; init; }
    public int CashierId { get; init; }
    public required string CashierName { get; init; }
    public int? OfficeHoursId { get; init; }

    /// <summary>The WIB day the drawer was opened, for the owner's list by day.</summary>
    public DateOnly LocalDate { get; init; }

    public DateTime OpenedAt { get; init; }
    public long OpeningCash { get; init; }

    /// <summary>The end of the shift window the drawer was opened in; past it, the owner may close the drawer.</summary>
    public DateTime? ShiftEndsAt { get; init; }

    public DateTime? ClosedAt { get; set; }
    public int? ClosedById { get; set; }
    public string? ClosedByName { get; set; }

    /// <summary>The owner's reason when the owner closed it; null when the cashier did.</summary>
    public string? CloseReason { get; set; }

    public long? ExpectedCash { get; set; }
    public long? CountedCash { get; set; }

    /// <summary>Counted minus expected (selisih): negative when cash is missing.</summary>
    public long? Difference { get; set; }

    /// <summary>How many sales were still pending at close, and what they cost: listed, not counted in the expected cash.</summary>
    public int PendingAtClose { get; set; }

    public long PendingTotalAtClose { get; set; }
    public long Version { get; set; }

    public bool IsOpen => ClosedAt is null;
}

public static class DrawerModel
{
    public const string OneOpenDrawerIndex = "UX_cash_drawers_open";

    /// <summary>Quoted so that it reads the same on SQLite and PostgreSQL.</summary>
    public const string OpenFilter = "\"ClosedAt\" IS NULL";

    public static ModelBuilder ConfigureDrawers(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CashDrawer>(entity =>
        {
            entity.ToTable("cash_drawers");
            entity.HasKey(d => d.Id);
            entity.Property(d => d.CashierName).HasMaxLength(100);
            entity.Property(d => d.ClosedByName).HasMaxLength(100);
            entity.Property(d => d.CloseReason).HasMaxLength(500);
            entity.Property(d => d.Version).IsConcurrencyToken();
            entity.Ignore(d => d.IsOpen);
            // One open drawer per cashier: a second open, even a concurrent one, is refused by the database.
            entity.HasIndex(d => d.CashierId).IsUnique().HasFilter(OpenFilter).HasDatabaseName(OneOpenDrawerIndex);
            entity.HasIndex(d => new { d.LocalDate, d.CashierId });
        });
        modelBuilder.Entity<Transaction>(entity => entity.HasIndex(t => t.DrawerId));
        return modelBuilder;
    }
}
