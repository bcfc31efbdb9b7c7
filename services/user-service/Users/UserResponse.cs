using TokenPln.LocalCopies.Shifts;

namespace TokenPln.UserService.Users;

public sealed record OfficeHoursSummary(int Id, string Name, TimeOnly StartAt, TimeOnly EndAt, bool Active)
{
    public static OfficeHoursSummary From(ShiftCopy shift) => new(shift.Id, shift.Name, shift.StartAt, shift.EndAt, shift.Active);
}

/// <summary>
/// A user on the wire, with the shift embedded from this service's local copy of master-service's shifts.
/// Never carries the password hash.
/// </summary>
public sealed record UserResponse(
    int Id, string EmployeeNumber, string Name, string Email, string? Phone, string? Address, string Role, bool Active,
    int? OfficeHoursId, OfficeHoursSummary? OfficeHours)
{
    public static UserResponse From(User user, ShiftCopy? shift) => new(user.Id, user.EmployeeNumber, user.Name, user.Email,
        user.Phone, user.Address, user.Role, user.Active, user.OfficeHoursId, shift is null ? null : OfficeHoursSummary.From(shift));
}
