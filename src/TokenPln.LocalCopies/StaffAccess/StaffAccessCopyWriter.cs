using Microsoft.EntityFrameworkCore;

namespace TokenPln.LocalCopies.StaffAccess;

/// <summary>
/// Writes the local copy of staff access. Announcements apply newest-wins by version; a sync from user-service, the
/// owner of the accounts, replaces the copy whatever it holds, so a forged or stray event cannot pin an account.
/// </summary>
public static class StaffAccessCopyWriter
{
    public static async Task<bool> ApplyAsync<TContext>(TContext db, StaffAccessSnapshot access, DateTime now, CancellationToken cancellationToken)
        where TContext : DbContext, IStaffAccessCopyDbContext
    {
        var revokedBefore = access.TokensRevokedBefore?.UtcDateTime;
        return await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO staff_access_replica ("UserId", "Active", "TokensRevokedBefore", "OfficeHoursId", "Version", "ReplicatedAt")
            VALUES ({access.UserId}, {access.Active}, {revokedBefore}, {access.OfficeHoursId}, {access.Version}, {now})
            ON CONFLICT ("UserId") DO UPDATE SET
                "Active" = excluded."Active", "TokensRevokedBefore" = excluded."TokensRevokedBefore", "OfficeHoursId" = excluded."OfficeHoursId",
                "Version" = excluded."Version", "ReplicatedAt" = excluded."ReplicatedAt"
            WHERE staff_access_replica."Version" < excluded."Version"
            """, cancellationToken) > 0;
    }

    /// <returns>How many accounts changed, and the ids the copy held ahead of user-service (a second read settles those).</returns>
    public static async Task<(int Changed, IReadOnlyList<int> Ahead)> ReplaceAllAsync<TContext>(TContext db, IReadOnlyList<StaffAccessSnapshot> owned,
        DateTime now, CancellationToken cancellationToken)
        where TContext : DbContext, IStaffAccessCopyDbContext
    {
        var local = await db.StaffAccessCopies.AsNoTracking().ToDictionaryAsync(s => s.UserId, cancellationToken);
        var ahead = new List<int>();
        var changed = 0;
        foreach (var access in owned)
        {
            var revokedBefore = access.TokensRevokedBefore?.UtcDateTime;
            if (local.TryGetValue(access.UserId, out var held) && held.Active == access.Active && held.TokensRevokedBefore == revokedBefore
                && held.OfficeHoursId == access.OfficeHoursId && held.Version == access.Version)
            {
                continue;
            }

            if (held is not null && held.Version > access.Version) ahead.Add(access.UserId);
            changed += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO staff_access_replica ("UserId", "Active", "TokensRevokedBefore", "OfficeHoursId", "Version", "ReplicatedAt")
                VALUES ({access.UserId}, {access.Active}, {revokedBefore}, {access.OfficeHoursId}, {access.Version}, {now})
                ON CONFLICT ("UserId") DO UPDATE SET
                    "Active" = excluded."Active", "TokensRevokedBefore" = excluded."TokensRevokedBefore", "OfficeHoursId" = excluded."OfficeHoursId",
                    "Version" = excluded."Version", "ReplicatedAt" = excluded."ReplicatedAt"
                """, cancellationToken);
        }

        var known = owned.Select(a => a.UserId).ToList();
        var unknown = local.Keys.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            changed += await db.StaffAccessCopies.Where(s => unknown.Contains(s.UserId)).ExecuteDeleteAsync(cancellationToken);
        }

        return (changed, ahead);
    }
}
