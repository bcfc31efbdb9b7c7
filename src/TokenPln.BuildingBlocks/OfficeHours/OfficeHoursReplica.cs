using Microsoft.EntityFrameworkCore;

namespace TokenPln.BuildingBlocks.OfficeHours;

/// <summary>
/// A service's local copy of one master-service shift, so that login and the shift filter keep working while
/// master-service is down. Only master-service writes shifts; this copy follows by event and by sync.
/// </summary>
public sealed class OfficeHoursReplica
{
    public int Id { get; init; }
    public required string Name { get; set; }
    public TimeOnly StartAt { get; set; }
    public TimeOnly EndAt { get; set; }
    public bool Active { get; set; }
    public long Version { get; set; }
    public DateTime ReplicatedAt { get; set; }
}

public interface IOfficeHoursReplicaDbContext
{
    DbSet<OfficeHoursReplica> OfficeHoursReplicas { get; }
}

public static class OfficeHoursReplicaModel
{
    public static ModelBuilder ConfigureOfficeHoursReplica(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OfficeHoursReplica>(entity =>
        {
            entity.ToTable("office_hours_replica");
            entity.HasKey(o => o.Id);
            entity.Property(o => o.Id).ValueGeneratedNever();
            entity.Property(o => o.Name).HasMaxLength(100);
        });
        return modelBuilder;
    }
}
