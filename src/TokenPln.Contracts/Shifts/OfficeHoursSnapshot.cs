namespace TokenPln.Contracts.Shifts;

/// <summary>A shift as master-service publishes it: times are Asia/Jakarta wall-clock times.</summary>
public sealed record OfficeHoursSnapshot(int Id, string Name, TimeOnly StartAt, TimeOnly EndAt, bool Active, long Version);
