using System.Security.Claims;

namespace TokenPln.ServiceDefaults.Auth;

public static class Roles
{
    public const string Owner = "owner";
    public const string Cashier = "cashier";
}

/// <summary>Claim names inside the JWT, short as JWT claims are.</summary>
public static class TokenClaims
{
    public const string UserId = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string OfficeHoursId = "ohid";
}

public static class Policies
{
    public const string Owner = "owner";
    public const string Cashier = "cashier";
    public const string Staff = "staff";
}

/// <summary>Who is calling, read from the validated token.</summary>
public sealed record CurrentUser(int Id, string Name, string Role, int? OfficeHoursId)
{
    public bool IsOwner => Role == Roles.Owner;

    /// <summary>Null when the principal carries no numeric subject (a token we never issued).</summary>
    public static CurrentUser? TryFrom(ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(TokenClaims.UserId), out _) ? From(principal) : null;

    public static CurrentUser From(ClaimsPrincipal principal) => new(
        int.Parse(principal.FindFirstValue(TokenClaims.UserId) ?? throw new InvalidOperationException("The token has no subject.")),
        principal.FindFirstValue(TokenClaims.Name) ?? "",
        principal.FindFirstValue(TokenClaims.Role) ?? "",
        int.TryParse(principal.FindFirstValue(TokenClaims.OfficeHoursId), out var officeHoursId) ? officeHoursId : null);
}
