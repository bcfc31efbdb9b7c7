using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.Data;

public sealed class UserDbContext(DbContextOptions<UserDbContext> options) : DbContext(options), IOfficeHoursReplicaDbContext
{
    public const string DatabaseName = "user-service";

    public DbSet<OfficeHoursReplica> OfficeHoursReplicas => Set<OfficeHoursReplica>();
    public DbSet<User> Users => Set<User>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ConfigureOfficeHoursReplica();
        modelBuilder.Entity<User>(entity =>
        {
            entity.ToTable("users");
            entity.HasKey(u => u.Id);
            entity.Property(u => u.EmployeeNumber).HasMaxLength(User.EmployeeNumberMaxLength);
            entity.Property(u => u.Name).HasMaxLength(User.NameMaxLength);
            entity.Property(u => u.Email).HasMaxLength(User.EmailMaxLength);
            entity.Property(u => u.Phone).HasMaxLength(User.PhoneMaxLength);
            entity.Property(u => u.Address).HasMaxLength(User.AddressMaxLength);
            entity.Property(u => u.Role).HasMaxLength(20);
            entity.HasIndex(u => u.Email).IsUnique();
            entity.HasIndex(u => u.EmployeeNumber).IsUnique();
        });
    }
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
