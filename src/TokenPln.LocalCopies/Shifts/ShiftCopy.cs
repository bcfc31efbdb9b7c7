using Microsoft.EntityFrameworkCore;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>
/// A service's local copy of one master-service shift, so that login and the shift filter keep working while
/// master-service is down. Only master-service writes shifts; this copy follows by event and by sync.
/// </summary>
public sealed class ShiftCopy
{
    public int Id { get; init; }
    public required string Name { get; set; }
    public TimeOnly StartAt { get; set; }
    public TimeOnly EndAt { get; set; }
    public bool Active { get; set; }
    public long Version { get; set; }
    public DateTime ReplicatedAt { get; set; }
}

public interface IShiftCopyDbContext
{
    DbSet<ShiftCopy> ShiftCopies { get; }
}

public static class ShiftCopyModel
{
    public static ModelBuilder ConfigureShiftCopy(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ShiftCopy>(entity =>
        {
            entity.ToTable("office_hours_replica");
            entity.HasKey(o => o.Id);
            entity.Property(o => o.Id).ValueGeneratedNever();
            entity.Property(o => o.Name).HasMaxLength(100);
        });
        return modelBuilder;
    }
}
