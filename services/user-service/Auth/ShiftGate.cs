using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.Auth;

public enum LoginRefusal
{
    AccountInactive,
    ShiftInactive,
    OutsideShift,
}

/// <summary>
/// Whether a user with the right password may start a session now, and until when. The owner may at any time;
/// a cashier only while their shift is active and the time in WIB lies inside it, and never past its end.
/// </summary>
public static class ShiftGate
{
    public sealed record Admission(DateTimeOffset ExpiresAt, LoginRefusal? Refusal, ShiftCopy? Shift);

    public static Admission Decide(User user, ShiftCopy? shift, DateTimeOffset now, TimeSpan ownerLifetime, TimeSpan cashierLifetime)
    {
        if (!user.Active)
        {
            return new Admission(now, LoginRefusal.AccountInactive, shift);
        }

        if (!user.IsCashier)
        {
            return new Admission(now + ownerLifetime, null, shift);
        }

        if (shift is not { Active: true })
        {
            return new Admission(now, LoginRefusal.ShiftInactive, shift);
        }

        return ShiftWindow.Containing(shift.StartAt, shift.EndAt, now) is { } window
            ? new Admission(Min(now + cashierLifetime, window.End), null, shift)
            : new Admission(now, LoginRefusal.OutsideShift, shift);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
