using Microsoft.EntityFrameworkCore;

namespace TokenPln.BuildingBlocks.OfficeHours;

/// <summary>Applies snapshots newest-wins by version, so redelivered or reordered events are harmless.</summary>
public static class OfficeHoursReplicaWriter
{
    /// <returns>True when the copy changed.</returns>
    public static async Task<bool> ApplyAsync<TContext>(TContext db, OfficeHoursSnapshot snapshot, DateTime now, CancellationToken cancellationToken)
        where TContext : DbContext, IOfficeHoursReplicaDbContext
    {
        var existing = await db.OfficeHoursReplicas.FindAsync([snapshot.Id], cancellationToken);
        if (existing is null)
        {
            db.OfficeHoursReplicas.Add(new OfficeHoursReplica
            {
                Id = snapshot.Id,
                Name = snapshot.Name,
                StartAt = snapshot.StartAt,
                EndAt = snapshot.EndAt,
                Active = snapshot.Active,
                Version = snapshot.Version,
                ReplicatedAt = now,
            });
        }
        else if (snapshot.Version > existing.Version)
        {
            existing.Name = snapshot.Name;
            existing.StartAt = snapshot.StartAt;
            existing.EndAt = snapshot.EndAt;
            existing.Active = snapshot.Active;
            existing.Version = snapshot.Version;
            existing.ReplicatedAt = now;
        }
        else
        {
            return false;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (existing is null)
        {
            // A concurrent delivery inserted the same shift first; apply again as an update.
            db.ChangeTracker.Clear();
            return await ApplyAsync(db, snapshot, now, cancellationToken);
        }
    }
}
