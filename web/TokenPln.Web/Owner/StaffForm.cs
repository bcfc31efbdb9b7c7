using System.Globalization;
using System.Text.RegularExpressions;
using TokenPln.Web.Api;
using TokenPln.Web.Owner.Api;

namespace TokenPln.Web.Owner;

/// <summary>
/// The "Karyawan" form: every field user-service keeps, checked here as user-service checks them (same limits, same
/// Indonesian messages) so the owner hears about a mistake before the round trip. user-service still decides.
/// </summary>
public sealed partial class StaffForm
{
    public const string CashierRole = "cashier";
    public const string OwnerRole = "owner";

    public string EmployeeNumber { get; set; } = "";
    public string Name { get; set; } = "";
    public string Email { get; set; } = "";
    public string Password { get; set; } = "";
    public string Phone { get; set; } = "";
    public string Address { get; set; } = "";
    public string Role { get; set; } = CashierRole;
    public int? OfficeHoursId { get; set; }
    public bool Active { get; set; } = true;

    public static IReadOnlyList<(string Value, string Label)> Roles { get; } = [(CashierRole, "Kasir"), (OwnerRole, "Pemilik")];

    public static string RoleLabel(string role) => Roles.FirstOrDefault(r => r.Value == role).Label ?? role;

    /// <summary>Field name (as the service names it) → message; empty when the form may be sent.</summary>
    public IReadOnlyDictionary<string, string> Validate(bool creating = true)
    {
        var errors = new Dictionary<string, string>();
        void Check(bool ok, string field, string message)
        {
            if (!ok) errors.TryAdd(field, message);
        }

        if (creating)
        {
            Required(EmployeeNumber, "employeeNumber", 30, Check);
            Required(Name, "name", 100, Check);
            Required(Email, "email", 254, Check);
            Check(string.IsNullOrWhiteSpace(Email) || EmailPattern().IsMatch(Email.Trim()), "email", "Alamat email tidak valid.");
            Check(!string.IsNullOrEmpty(Password), "password", "Wajib diisi.");
            Check(string.IsNullOrEmpty(Password) || Password.Length >= 8, "password", "Paling sedikit 8 karakter.");
            Check(Password.Length <= 128, "password", "Paling banyak 128 karakter.");
            Check(Phone.Trim().Length <= 20, "phone", "Paling banyak 20 karakter.");
            Check(Phone.All(c => char.IsAsciiDigit(c) || c is '+' or '-' or ' '), "phone", "Hanya angka, spasi, + dan -.");
            Check(Address.Trim().Length <= 500, "address", "Paling banyak 500 karakter.");
            Check(Role is CashierRole or OwnerRole, "role", "Pilih kasir atau pemilik.");
        }

        Check(Role != CashierRole || OfficeHoursId is not null, "officeHoursId", "Kasir wajib memiliki jam kerja.");
        return errors;
    }

    public CreateStaffRequest ToCreateRequest() => new(EmployeeNumber.Trim(), Name.Trim(), Email.Trim(), Password,
        string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim(), string.IsNullOrWhiteSpace(Address) ? null : Address.Trim(),
        OfficeHoursId, Active, Role);

    public static StaffForm From(StaffMember member) => new()
    {
        EmployeeNumber = member.EmployeeNumber,
        Name = member.Name,
        Email = member.Email,
        Phone = member.Phone ?? "",
        Address = member.Address ?? "",
        Role = member.Role,
        OfficeHoursId = member.OfficeHoursId,
        Active = member.Active,
    };

    private static void Required(string value, string field, int maxLength, Action<bool, string, string> check)
    {
        check(!string.IsNullOrWhiteSpace(value), field, "Wajib diisi.");
        check(value.Trim().Length <= maxLength, field, string.Create(CultureInfo.InvariantCulture, $"Paling banyak {maxLength} karakter."));
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}

/// <summary>
/// The "Jam kerja" form: a name and two WIB times as HH:mm. An end before the start is a shift across midnight
/// (22:00–05:59), which is allowed; an end equal to the start is not.
/// </summary>
public sealed class ShiftForm
{
    public string Name { get; set; } = "";
    public string StartAt { get; set; } = "";
    public string EndAt { get; set; } = "";
    public bool Active { get; set; } = true;

    public IReadOnlyDictionary<string, string> Validate()
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(Name)) errors["name"] = "Wajib diisi.";
        else if (Name.Trim().Length > 100) errors["name"] = "Paling banyak 100 karakter.";
        var start = Time(StartAt);
        var end = Time(EndAt);
        if (start is null) errors["startAt"] = "Isi jam mulai sebagai JJ:mm, misalnya 07:00.";
        if (end is null) errors["endAt"] = "Isi jam selesai sebagai JJ:mm, misalnya 15:00.";
        if (start is not null && start == end) errors["endAt"] = "Jam selesai tidak boleh sama dengan jam mulai.";
        return errors;
    }

    /// <summary>Whether the shift runs past midnight, for the hint under the form.</summary>
    public bool CrossesMidnight => Time(StartAt) is { } start && Time(EndAt) is { } end && end < start;

    public ShiftRequest ToRequest() => new(Name.Trim(), Time(StartAt), Time(EndAt), Active);

    public static ShiftForm From(ShiftItem shift) => new()
    {
        Name = shift.Name,
        StartAt = shift.StartAt.ToString("HH:mm", CultureInfo.InvariantCulture),
        EndAt = shift.EndAt.ToString("HH:mm", CultureInfo.InvariantCulture),
        Active = shift.Active,
    };

    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text?.Trim(), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
}
