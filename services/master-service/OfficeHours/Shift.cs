using TokenPln.Contracts.Events;
using TokenPln.Contracts.Shifts;
using TokenPln.ServiceDefaults.Events;

namespace TokenPln.MasterService.OfficeHours;

/// <summary>
/// One office-hours shift ("jam kerja"): wall-clock times in Asia/Jakarta. <see cref="EndAt"/> earlier than
/// <see cref="StartAt"/> means the shift crosses midnight.
/// </summary>
public sealed class Shift
{
    public const int NameMaxLength = 100;

    public int Id { get; init; }
    public required string Name { get; set; }
    public TimeOnly StartAt { get; set; }
    public TimeOnly EndAt { get; set; }
    public bool Active { get; set; }

    /// <summary>Grows with every change; consumers of <c>office-hours-changed</c> keep the highest.</summary>
    public long Version { get; set; } = 1;

    public DateTime UpdatedAt { get; set; }

    public OfficeHoursSnapshot ToSnapshot() => new(Id, Name, StartAt, EndAt, Active, Version);

    public OfficeHoursChangedIntegrationEvent ToChangedEvent(DateTimeOffset now) =>
        new(Id, Name, StartAt, EndAt, Active, Version) { OccurredAt = now };
}
