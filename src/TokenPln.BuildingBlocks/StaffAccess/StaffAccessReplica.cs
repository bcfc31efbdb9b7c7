using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.Auth;

namespace TokenPln.BuildingBlocks.StaffAccess;

/// <summary>
/// A service's copy of one account's access as user-service last announced it. Only accounts that changed are here;
/// an account without a row has never been shut out or logged out.
/// </summary>
public sealed class StaffAccessReplica
{
    public int UserId { get; init; }
    public bool Active { get; set; }
    public DateTime? TokensRevokedBefore { get; set; }
    public long Version { get; set; }
    public DateTime ReplicatedAt { get; set; }
}

public interface IStaffAccessReplicaDbContext
{
    DbSet<StaffAccessReplica> StaffAccessReplicas { get; }
}

public static class StaffAccessReplicaModel
{
    public static ModelBuilder ConfigureStaffAccessReplica(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<StaffAccessReplica>(entity =>
        {
            entity.ToTable("staff_access_replica");
            entity.HasKey(s => s.UserId);
            entity.Property(s => s.UserId).ValueGeneratedNever();
        });
        return modelBuilder;
    }
}

internal sealed class ReplicaStaffAccessCheck<TContext>(TContext db) : IStaffAccessCheck
    where TContext : DbContext, IStaffAccessReplicaDbContext
{
    public async Task<StaffAccessVerdict> CheckAsync(int userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var access = await db.StaffAccessReplicas.AsNoTracking()
            .Where(s => s.UserId == userId)
            .Select(s => new { s.Active, s.TokensRevokedBefore })
            .FirstOrDefaultAsync(cancellationToken);
        return access is null ? StaffAccessVerdict.Allowed : StaffAccessRule.Judge(access.Active, access.TokensRevokedBefore, issuedAt);
    }
}
