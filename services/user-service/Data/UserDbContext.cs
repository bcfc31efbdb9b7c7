using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;

namespace TokenPln.UserService.Data;

public sealed class UserDbContext(DbContextOptions<UserDbContext> options) : DbContext(options), IOfficeHoursReplicaDbContext
{
    public const string DatabaseName = "user-service";

    public DbSet<OfficeHoursReplica> OfficeHoursReplicas => Set<OfficeHoursReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ConfigureOfficeHoursReplica();
}

public static class UserDataSetup
{
    public static IServiceCollection AddUserData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddServiceDatabase<UserDbContext>(configuration, contentRoot, UserDbContext.DatabaseName);
        services.AddOfficeHoursReplica<UserDbContext>(configuration);
        return services;
    }
}
