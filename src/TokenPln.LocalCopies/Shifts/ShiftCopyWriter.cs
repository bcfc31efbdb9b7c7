using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Shifts;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>
/// Writes the local copy of shifts. Events apply newest-wins by version, so redelivered or reordered events are
/// harmless; a sync from master-service, the owner of the data, replaces the copy whatever it holds, so that nothing
/// that did not come from master-service's history can pin it.
/// </summary>
public static class ShiftCopyWriter
{
    /// <returns>True when the copy changed.</returns>
    public static async Task<bool> ApplyAsync<TContext>(TContext db, OfficeHoursSnapshot snapshot, DateTime now, CancellationToken cancellationToken)
        where TContext : DbContext, IShiftCopyDbContext
    {
        // One statement, so that an event and a sync racing for the same shift cannot both insert it.
        // INSERT ... ON CONFLICT ... WHERE is understood by SQLite and PostgreSQL alike.
        var changed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO office_hours_replica ("Id", "Name", "StartAt", "EndAt", "Active", "Version", "ReplicatedAt")
            VALUES ({snapshot.Id}, {snapshot.Name}, {snapshot.StartAt}, {snapshot.EndAt}, {snapshot.Active}, {snapshot.Version}, {now})
            ON CONFLICT ("Id") DO UPDATE SET
                "Name" = excluded."Name", "StartAt" = excluded."StartAt", "EndAt" = excluded."EndAt",
                "Active" = excluded."Active", "Version" = excluded."Version", "ReplicatedAt" = excluded."ReplicatedAt"
            WHERE office_hours_replica."Version" < excluded."Version"
            """, cancellationToken);
        return changed > 0;
    }

    /// <summary>Makes the copy equal to master-service's list: changed shifts are overwritten, shifts it does not know are removed.</summary>
    public static async Task<ReplaceResult> ReplaceAllAsync<TContext>(TContext db, IReadOnlyList<OfficeHoursSnapshot> owned, DateTime now,
        CancellationToken cancellationToken)
        where TContext : DbContext, IShiftCopyDbContext
    {
        var local = await db.ShiftCopies.AsNoTracking().ToDictionaryAsync(o => o.Id, cancellationToken);
        var ahead = new List<int>();
        var changed = 0;
        foreach (var shift in owned)
        {
            if (local.TryGetValue(shift.Id, out var held) && Same(held, shift)) continue;
            if (held is not null && held.Version > shift.Version) ahead.Add(shift.Id);
            changed += await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO office_hours_replica ("Id", "Name", "StartAt", "EndAt", "Active", "Version", "ReplicatedAt")
                VALUES ({shift.Id}, {shift.Name}, {shift.StartAt}, {shift.EndAt}, {shift.Active}, {shift.Version}, {now})
                ON CONFLICT ("Id") DO UPDATE SET
                    "Name" = excluded."Name", "StartAt" = excluded."StartAt", "EndAt" = excluded."EndAt",
                    "Active" = excluded."Active", "Version" = excluded."Version", "ReplicatedAt" = excluded."ReplicatedAt"
                """, cancellationToken);
        }

        var known = owned.Select(s => s.Id).ToList();
        var unknown = local.Keys.Where(id => !known.Contains(id)).ToList();
        if (unknown.Count > 0)
        {
            changed += await db.ShiftCopies.Where(o => unknown.Contains(o.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return new ReplaceResult(changed, ahead, unknown);
    }

    private static bool Same(ShiftCopy held, OfficeHoursSnapshot shift) =>
        held.Name == shift.Name && held.StartAt == shift.StartAt && held.EndAt == shift.EndAt && held.Active == shift.Active && held.Version == shift.Version;

    /// <param name="Ahead">Shifts the copy held at a version master-service has not reached: an event it never sent, or one
    /// that overtook this read.</param>
    /// <param name="Removed">Shifts the copy held that master-service does not have at all.</param>
    public sealed record ReplaceResult(int Changed, IReadOnlyList<int> Ahead, IReadOnlyList<int> Removed);
}
