using Microsoft.EntityFrameworkCore;

namespace TokenPln.BuildingBlocks.OfficeHours;

/// <summary>Applies snapshots newest-wins by version, so redelivered or reordered events are harmless.</summary>
public static class OfficeHoursReplicaWriter
{
    /// <returns>True when the copy changed.</returns>
    public static async Task<bool> ApplyAsync<TContext>(TContext db, OfficeHoursSnapshot snapshot, DateTime now, CancellationToken cancellationToken)
        where TContext : DbContext, IOfficeHoursReplicaDbContext
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
}
