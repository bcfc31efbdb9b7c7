namespace TokenPln.Contracts.Events;

/// <summary>
/// Base of every event that crosses a service boundary. <see cref="Id"/> becomes the CloudEvent id, which is
/// what consumers deduplicate on, since delivery is at least once. Contracts evolve additively only.
/// </summary>
public abstract record IntegrationEvent
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public DateTimeOffset OccurredAt { get; init; } = DateTimeOffset.UtcNow;
}
