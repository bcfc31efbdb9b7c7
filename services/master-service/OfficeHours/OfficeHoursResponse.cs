namespace TokenPln.MasterService.OfficeHours;

/// <summary>Office hours on the wire: <c>{id, name, startAt, endAt, active}</c>, times as "HH:mm" (WIB).</summary>
public sealed record OfficeHoursResponse(int Id, string Name, TimeOnly StartAt, TimeOnly EndAt, bool Active, long Version)
{
    public static OfficeHoursResponse From(Shift shift) =>
        new(shift.Id, shift.Name, shift.StartAt, shift.EndAt, shift.Active, shift.Version);
}
