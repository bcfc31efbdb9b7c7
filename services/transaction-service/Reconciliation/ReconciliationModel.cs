using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TokenPln.TransactionService.Reconciliation;

/// <summary>
/// One comparison of a WIB day's sales with IAK's check-status. A sale IAK could not be asked about counts as an error, never
/// as agreed or disagreed; a sale still pending here is left to the status checks and counted apart.
/// </summary>
public sealed class ReconciliationRun
{
    public long Id { get; init; }
    public DateOnly Day { get; init; }

    /// <summary>The day while this run holds it, null once finished: its unique index lets one run per day go at a time, across replicas.</summary>
    public DateOnly? ActiveDay { get; set; }

    /// <summary><see cref="ReconciliationTriggers"/>: the daily schedule or the owner.</summary>
    public required string Trigger { get; init; }

    public string? RequestedByName { get; init; }
    public DateTime StartedAt { get; init; }
    public DateTime? FinishedAt { get; set; }
    public int Checked { get; set; }
    public int Agreed { get; set; }
    public int Disagreed { get; set; }
    public int StillPending { get; set; }
    public int UnknownRefIds { get; set; }
    public int Errors { get; set; }

    /// <summary>Why the run did not finish (abandoned by a replica that stopped), for the owner.</summary>
    public string? Failure { get; set; }
}

public static class ReconciliationTriggers
{
    public const string Schedule = "schedule";
    public const string Owner = "owner";
}

/// <summary>What a run found about one sale or one ref_id: a disagreement, or a note (still pending, IAK not reachable).</summary>
public sealed class ReconciliationFinding
{
    public long Id { get; init; }
    public long RunId { get; init; }

    /// <summary>Our sale's invoice; null for a ref_id IAK knows and we do not.</summary>
    public string? Invoice { get; init; }

    public required string RefId { get; init; }

    /// <summary>One of <see cref="FindingKinds"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Whether it is a disagreement (the sale was flagged disputed) or only a note.</summary>
    public bool Disagreement { get; init; }

    public string? Ours { get; init; }
    public string? Iak { get; init; }
    public string? Note { get; init; }
}

public static class FindingKinds
{
    public const string StatusDiffers = "status_differs";
    public const string TokenDiffers = "token_differs";
    public const string PriceDiffers = "price_differs";
    public const string UnknownRefId = "unknown_ref_id";

    /// <summary>Pending here and final at IAK (or not yet): not a disagreement, the status checks settle it.</summary>
    public const string StillPending = "still_pending";

    /// <summary>IAK could not be asked, or gave no final word on a sale final here.</summary>
    public const string Error = "error";
}

/// <summary>
/// A signed IAK callback for a ref_id we have no sale for: IAK has no list API, so these are the only evidence that IAK knows a
/// ref_id we do not. One row per ref_id (a repeat updates it).
/// </summary>
public sealed class UnknownIakCallback
{
    public long Id { get; init; }
    public required string RefId { get; init; }
    public int Status { get; set; }
    public string? ProductCode { get; set; }
    public string? CustomerId { get; set; }
    public long? Price { get; set; }
    public string? SerialNumber { get; set; }
    public string? Message { get; set; }
    public DateTime FirstReceivedAt { get; init; }
    public DateTime LastReceivedAt { get; set; }
    public int Deliveries { get; set; }

    /// <summary>The WIB day it first arrived on: the run of that day lists it.</summary>
    public DateOnly LocalDate { get; init; }
}

/// <summary>The tables of reconciliation, found by the context through <c>ApplyConfigurationsFromAssembly</c>.</summary>
public sealed class ReconciliationRunConfiguration : IEntityTypeConfiguration<ReconciliationRun>
{
    public void Configure(EntityTypeBuilder<ReconciliationRun> entity)
    {
        entity.ToTable("reconciliation_runs");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.Trigger).HasMaxLength(20);
        entity.Property(r => r.RequestedByName).HasMaxLength(100);
        entity.Property(r => r.Failure).HasMaxLength(500);
        entity.HasIndex(r => r.ActiveDay).IsUnique();
        entity.HasIndex(r => new { r.Day, r.StartedAt });
    }
}

public sealed class ReconciliationFindingConfiguration : IEntityTypeConfiguration<ReconciliationFinding>
{
    public void Configure(EntityTypeBuilder<ReconciliationFinding> entity)
    {
        entity.ToTable("reconciliation_findings");
        entity.HasKey(f => f.Id);
        entity.Property(f => f.Invoice).HasMaxLength(20);
        entity.Property(f => f.RefId).HasMaxLength(40);
        entity.Property(f => f.Kind).HasMaxLength(20);
        entity.Property(f => f.Ours).HasMaxLength(200);
        entity.Property(f => f.Iak).HasMaxLength(200);
        entity.Property(f => f.Note).HasMaxLength(300);
        entity.HasIndex(f => f.RunId);
    }
}

public sealed class UnknownIakCallbackConfiguration : IEntityTypeConfiguration<UnknownIakCallback>
{
    public void Configure(EntityTypeBuilder<UnknownIakCallback> entity)
    {
        entity.ToTable("iak_unknown_callbacks");
        entity.HasKey(c => c.Id);
        entity.Property(c => c.RefId).HasMaxLength(40);
        entity.Property(c => c.ProductCode).HasMaxLength(30);
        entity.Property(c => c.CustomerId).HasMaxLength(20);
        entity.Property(c => c.SerialNumber).HasMaxLength(200);
        entity.Property(c => c.Message).HasMaxLength(200);
        entity.HasIndex(c => c.RefId).IsUnique();
        entity.HasIndex(c => c.LocalDate);
    }
}
