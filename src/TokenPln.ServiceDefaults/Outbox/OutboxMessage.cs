using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Json;

namespace TokenPln.ServiceDefaults.Outbox;

/// <summary>
/// An event written in the same database transaction as the change it describes, and published afterwards
/// by <see cref="OutboxDispatcher{TContext}"/>. A crash between commit and publish loses nothing.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; init; }
    public required string Topic { get; init; }
    public required string Payload { get; init; }
    public DateTime OccurredAt { get; init; }
    public DateTime? PublishedAt { get; set; }
    public DateTime? NextAttemptAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>The instance publishing it (see <see cref="OutboxDispatcher{TContext}"/>), kept afterwards to tell who did.</summary>
    public string? ClaimedBy { get; set; }

    /// <summary>Until when the row is <see cref="ClaimedBy"/>'s to publish; null once published or given back after a failure.</summary>
    public DateTime? ClaimedUntil { get; set; }
}

public interface IOutboxDbContext
{
    DbSet<OutboxMessage> OutboxMessages { get; }
}

public static class OutboxModel
{
    public static ModelBuilder ConfigureOutbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(entity =>
        {
            entity.ToTable("outbox_messages");
            entity.HasKey(m => m.Id);
            entity.Property(m => m.Topic).HasMaxLength(100);
            entity.Property(m => m.LastError).HasMaxLength(1000);
            entity.Property(m => m.ClaimedBy).HasMaxLength(200);
            entity.HasIndex(m => new { m.PublishedAt, m.OccurredAt });
        });
        return modelBuilder;
    }

    /// <summary>Stages <paramref name="integrationEvent"/>; it is stored by the caller's next SaveChanges.</summary>
    public static void AddToOutbox<TEvent>(this IOutboxDbContext db, string topic, TEvent integrationEvent) where TEvent : IntegrationEvent =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = integrationEvent.Id,
            Topic = topic,
            Payload = JsonSerializer.Serialize(integrationEvent, ApiJson.Options),
            OccurredAt = integrationEvent.OccurredAt.UtcDateTime,
        });
}
