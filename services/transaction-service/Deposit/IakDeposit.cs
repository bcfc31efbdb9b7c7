using Microsoft.EntityFrameworkCore;
using TokenPln.ServiceDefaults.Outbox;

namespace TokenPln.TransactionService.Deposit;

/// <summary>
/// What this counter knows of its deposit at IAK: one row. IAK cannot be topped up by API, so the service only watches the
/// balance (from check-balance and from the balance IAK sends with its answers) and warns the owner before sales fail at IAK.
/// </summary>
public sealed class IakDeposit
{
    /// <summary>The one row's key: a counter has one IAK account.</summary>
    public const int TheDeposit = 1;

    public const int SourceMaxLength = 20;
    public const int SetByMaxLength = 100;

    public int Id { get; init; } = TheDeposit;

    /// <summary>The last balance IAK reported, whole rupiah; null while it has never been read.</summary>
    public long? Balance { get; set; }

    /// <summary>When <see cref="Balance"/> was received (UTC).</summary>
    public DateTime? ReadAt { get; set; }

    /// <summary>Which answer carried it: check-balance, or the change source of a sale's answer (sale, payment, callback, ...).</summary>
    public string? Source { get; set; }

    /// <summary>Below this the deposit is low; null while the owner has not set one (never low).</summary>
    public long? LowThreshold { get; set; }

    public DateTime? ThresholdSetAt { get; set; }
    public string? ThresholdSetBy { get; set; }

    /// <summary>
    /// The <c>deposit-low</c> event of the current dip was staged. Cleared once the balance is no longer below the threshold,
    /// so that the next dip alerts again and this one never twice.
    /// </summary>
    public bool LowAlerted { get; set; }

    public bool IsLow => Balance is { } balance && LowThreshold is { } threshold && balance < threshold;
}

/// <summary>The database that holds the deposit row and its events: the service's own, which this folder does not need to know.</summary>
public interface IDepositDbContext : IOutboxDbContext
{
    DbSet<IakDeposit> IakDeposits { get; }
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }
    Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker ChangeTracker { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken);
}

public static class IakDepositModel
{
    public static ModelBuilder ConfigureIakDeposit(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IakDeposit>(entity =>
        {
            entity.ToTable("iak_deposit");
            entity.HasKey(d => d.Id);
            entity.Property(d => d.Id).ValueGeneratedNever();
            entity.Property(d => d.Source).HasMaxLength(IakDeposit.SourceMaxLength);
            entity.Property(d => d.ThresholdSetBy).HasMaxLength(IakDeposit.SetByMaxLength);
            entity.Ignore(d => d.IsLow);
        });
        return modelBuilder;
    }
}
