namespace TokenPln.Contracts.Events;

/// <summary>
/// The full state of one shift after a change, so a consumer can upsert it without asking back.
/// <see cref="Version"/> grows with every change; consumers ignore anything older than what they hold.
/// </summary>
public sealed record OfficeHoursChangedIntegrationEvent(
    int OfficeHoursId,
    string Name,
    TimeOnly StartAt,
    TimeOnly EndAt,
    bool Active,
    long Version) : IntegrationEvent;
