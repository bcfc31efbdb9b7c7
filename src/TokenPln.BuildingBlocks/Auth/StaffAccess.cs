namespace TokenPln.BuildingBlocks.Auth;

/// <summary>
/// Whether a validated token still speaks for an active member of staff. A JWT cannot be recalled, so every service
/// asks its own copy of who was shut out, and when.
/// </summary>
public interface IStaffAccessCheck
{
    Task<bool> IsRevokedAsync(int userId, DateTimeOffset issuedAt, CancellationToken cancellationToken);
}

public static class StaffAccessRule
{
    public static bool IsRevoked(bool active, DateTime? tokensRevokedBefore, DateTimeOffset issuedAt) =>
        !active || (tokensRevokedBefore is { } cutOff && issuedAt.UtcDateTime < cutOff);
}

/// <summary>The token is genuine and unexpired, but its account was deactivated.</summary>
public sealed class StaffAccessRevokedException() : Exception("The account behind this token was deactivated.");
