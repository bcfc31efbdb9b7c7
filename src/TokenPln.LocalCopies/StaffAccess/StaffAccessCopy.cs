using Microsoft.EntityFrameworkCore;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;

namespace TokenPln.LocalCopies.StaffAccess;

/// <summary>
/// A service's copy of one account's access as user-service knows it: filled by user-service's announcements and
/// replaced by a periodic sync from user-service. An account without a row is judged by its token alone.
/// </summary>
public sealed class StaffAccessCopy
{
    public int UserId { get; init; }
    public bool Active { get; set; }
    public DateTime? TokensRevokedBefore { get; set; }

    /// <summary>The cashier's current shift; null when unknown here, and then the token's own shift claim counts.</summary>
    public int? OfficeHoursId { get; set; }

    public long Version { get; set; }
    public DateTime ReplicatedAt { get; set; }
}

/// <summary>One account's access as user-service serves it to the other services' copies.</summary>
public sealed record StaffAccessSnapshot(int UserId, bool Active, DateTimeOffset? TokensRevokedBefore, int? OfficeHoursId, long Version);

public interface IStaffAccessCopyDbContext
{
    DbSet<StaffAccessCopy> StaffAccessCopies { get; }
}

public static class StaffAccessCopyModel
{
    public static ModelBuilder ConfigureStaffAccessCopy(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaffAccessCopy>(entity =>
        {
            entity.ToTable("staff_access_replica");
            entity.HasKey(s => s.UserId);
            entity.Property(s => s.UserId).ValueGeneratedNever();
        });
        return modelBuilder;
    }
}

/// <summary>
/// The replica held in memory, so that checking a token costs a dictionary lookup rather than a query on every request
/// (a query per request cut the cached product list to a tenth of its throughput). It is reloaded whenever this
/// instance changes the copy, and every few seconds for changes applied by other instances of the service; a refusal is
/// confirmed on a fresh read of the copy first (at most once a second), so an account another instance has just let in again is
/// not thrown out here on a stale copy.
/// </summary>
public sealed class StaffAccessCache(IShiftLookup shifts, TimeProvider clock, Func<StaffAccessCache, CancellationToken, Task> reloadFromDatabase)
    : IStaffAccessCheck
{
    private IReadOnlyDictionary<int, StaffAccessCopy> _entries = new Dictionary<int, StaffAccessCopy>();
    private readonly ReloadThrottle _refresh = new(TimeSpan.FromSeconds(1));

    public async ValueTask<StaffAccessVerdict> CheckAsync(CurrentUser user, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var verdict = await JudgeAsync(user, issuedAt, cancellationToken);
        if (verdict == StaffAccessVerdict.Allowed || !_refresh.TryEnter()) return verdict;
        await reloadFromDatabase(this, cancellationToken);
        return await JudgeAsync(user, issuedAt, cancellationToken);
    }

    private async ValueTask<StaffAccessVerdict> JudgeAsync(CurrentUser user, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var access = Volatile.Read(ref _entries).GetValueOrDefault(user.Id);
        if (access is not null && StaffAccessRule.Judge(access.Active, access.TokensRevokedBefore, issuedAt) is not StaffAccessVerdict.Allowed and var refused)
        {
            return refused;
        }

        return await StaffAccessRule.JudgeShiftAsync(user, access?.OfficeHoursId ?? user.OfficeHoursId, shifts, clock.GetUtcNow(), cancellationToken);
    }

    public async Task ReloadAsync(IStaffAccessCopyDbContext db, CancellationToken cancellationToken)
    {
        var entries = await db.StaffAccessCopies.AsNoTracking().ToDictionaryAsync(s => s.UserId, cancellationToken);
        Volatile.Write(ref _entries, entries);
    }
}
