using TokenPln.Contracts.Events;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.Users;

/// <summary>
/// Changes to who may use their tokens and when, each staged with its <c>staff-access-changed</c> event so that every service
/// hears of it even if this process dies right after the save.
/// </summary>
internal static class StaffAccessChanges
{
    public static void SetActive(this UserDbContext db, User user, bool active, DateTimeOffset now)
    {
        user.Active = active;
        if (!active) user.TokensRevokedBefore = CeilingToSecond(now);
        Announce(db, user, now);
    }

    /// <summary>A cashier moved to another shift: every service judges their next request by the new one.</summary>
    public static void MoveToShift(this UserDbContext db, User user, int officeHoursId, DateTimeOffset now)
    {
        if (user.OfficeHoursId == officeHoursId) return;
        user.OfficeHoursId = officeHoursId;
        Announce(db, user, now);
    }

    /// <summary>Logout: every token issued to the user so far stops working, on every device and in every service.</summary>
    public static void EndSessions(this UserDbContext db, User user, DateTimeOffset now)
    {
        user.TokensRevokedBefore = CeilingToSecond(now);
        Announce(db, user, now);
    }

    private static void Announce(UserDbContext db, User user, DateTimeOffset now)
    {
        user.AccessVersion++;
        db.AddToOutbox(Topics.StaffAccessChanged, new StaffAccessChangedIntegrationEvent(user.Id, user.Active,
            user.TokensRevokedBefore is { } cutOff ? new DateTimeOffset(cutOff, TimeSpan.Zero) : null, user.AccessVersion, user.OfficeHoursId)
        { OccurredAt = now });
    }

    /// <summary>JWTs carry whole seconds: rounding up refuses a token issued earlier in the very second of the change too.</summary>
    private static DateTime CeilingToSecond(DateTimeOffset time) =>
        new((time.UtcTicks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
}
