using TokenPln.ServiceDefaults.Auth;

namespace TokenPln.UserService.Users;

/// <summary>A member of staff: the owner, or a cashier who works one shift.</summary>
public sealed class User
{
    public const int EmployeeNumberMaxLength = 30;
    public const int NameMaxLength = 100;
    public const int EmailMaxLength = 254;
    public const int PhoneMaxLength = 20;
    public const int AddressMaxLength = 500;

    public int Id { get; init; }
    public required string EmployeeNumber { get; init; }
    public required string Name { get; init; }

    /// <summary>Stored lower-case, so that uniqueness and login ignore case.</summary>
    public required string Email { get; init; }

    public string? Phone { get; init; }
    public string? Address { get; init; }
    public required string PasswordHash { get; set; }
    public required string Role { get; init; }
    public bool Active { get; set; }

    /// <summary>Set when the account is deactivated: tokens issued earlier stay refused, even after it is activated again.</summary>
    public DateTime? TokensRevokedBefore { get; set; }

    /// <summary>Grows with every change of <see cref="Active"/>, so that other services keep the newest announcement.</summary>
    public long AccessVersion { get; set; }
    public int? OfficeHoursId { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public bool IsCashier => Role == Roles.Cashier;

    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();
}
