namespace TokenPln.BuildingBlocks.Auth;

/// <summary>
/// Whether a validated token still speaks for an active member of staff. A JWT cannot be recalled, so every service
/// asks its own record of who was shut out or logged out, and when.
/// </summary>
public interface IStaffAccessCheck
{
    Task<StaffAccessVerdict> CheckAsync(int userId, DateTimeOffset issuedAt, CancellationToken cancellationToken);
}

public enum StaffAccessVerdict
{
    Allowed,
    AccountInactive,

    /// <summary>The user logged out (or was let in again after a deactivation) after this token was issued.</summary>
    SessionEnded,
}

public static class StaffAccessRule
{
    public static StaffAccessVerdict Judge(bool active, DateTime? tokensRevokedBefore, DateTimeOffset issuedAt) =>
        !active ? StaffAccessVerdict.AccountInactive
        : tokensRevokedBefore is { } cutOff && issuedAt.UtcDateTime < cutOff ? StaffAccessVerdict.SessionEnded
        : StaffAccessVerdict.Allowed;
}

/// <summary>The token is genuine and unexpired, but its account was deactivated or its session ended.</summary>
public sealed class StaffAccessRevokedException(StaffAccessVerdict verdict) : Exception($"The token is no longer accepted: {verdict}.")
{
    public StaffAccessVerdict Verdict { get; } = verdict;
}
