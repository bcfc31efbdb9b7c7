using TokenPln.Contracts.Shifts;

namespace TokenPln.ServiceDefaults.Auth;

/// <summary>
/// Whether a validated token still speaks for a member of staff who may act now. A JWT cannot be recalled, so every
/// service judges each request against its own record of the account (active, logged out) and, for a cashier, of their
/// current shift (active, open now), without calling another service.
/// </summary>
public interface IStaffAccessCheck
{
    ValueTask<StaffAccessVerdict> CheckAsync(CurrentUser user, DateTimeOffset issuedAt, CancellationToken cancellationToken);
}

public enum StaffAccessVerdict
{
    Allowed,
    AccountInactive,

    /// <summary>The user logged out (or was let in again after a deactivation) after this token was issued.</summary>
    SessionEnded,

    /// <summary>The cashier's shift was deactivated, or they were moved to none.</summary>
    ShiftInactive,

    /// <summary>The cashier's current shift is not open now (shortened, or moved to another shift).</summary>
    OutsideShift,
}

public static class StaffAccessRule
{
    public static StaffAccessVerdict Judge(bool active, DateTime? tokensRevokedBefore, DateTimeOffset issuedAt) =>
        !active ? StaffAccessVerdict.AccountInactive
        : tokensRevokedBefore is { } cutOff && issuedAt.UtcDateTime < cutOff ? StaffAccessVerdict.SessionEnded
        : StaffAccessVerdict.Allowed;

    /// <summary>A cashier acts only inside an active shift, the one they are assigned to now; the owner at any time.</summary>
    public static async ValueTask<StaffAccessVerdict> JudgeShiftAsync(CurrentUser user, int? currentShiftId, IShiftLookup shifts, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (user.Role != Roles.Cashier) return StaffAccessVerdict.Allowed;
        var shift = currentShiftId is { } id ? await shifts.FindAsync(id, cancellationToken) : null;
        var verdict = JudgeShift(shift, now);
        if (verdict == StaffAccessVerdict.Allowed || currentShiftId is not { } shiftId || !await shifts.RefreshAsync(cancellationToken))
        {
            return verdict;
        }

        return JudgeShift(await shifts.FindAsync(shiftId, cancellationToken), now);
    }

    public static StaffAccessVerdict JudgeShift(OfficeHoursSnapshot? shift, DateTimeOffset now) =>
        shift is not { Active: true } ? StaffAccessVerdict.ShiftInactive
        : ShiftWindow.Containing(shift.StartAt, shift.EndAt, now) is null ? StaffAccessVerdict.OutsideShift
        : StaffAccessVerdict.Allowed;
}

/// <summary>The token is genuine and unexpired, but its account, session or shift no longer lets it act.</summary>
public sealed class StaffAccessRevokedException(StaffAccessVerdict verdict) : Exception($"The token is no longer accepted: {verdict}.")
{
    public StaffAccessVerdict Verdict { get; } = verdict;
}
