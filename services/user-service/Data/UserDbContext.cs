using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.ServiceDefaults.Persistence;
using TokenPln.UserService.Users;

namespace TokenPln.UserService.Data;

public sealed class UserDbContext(DbContextOptions<UserDbContext> options) : DbContext(options), IShiftCopyDbContext, IOutboxDbContext
{
    public const string DatabaseName = "user-service";

    public DbSet<ShiftCopy> ShiftCopies => Set<ShiftCopy>();
    public DbSet<User> Users => Set<User>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<Auth.LoginFailureWindow> LoginFailures => Set<Auth.LoginFailureWindow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ConfigureShiftCopy();
        modelBuilder.ConfigureOutbox();
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
        modelBuilder.Entity<Auth.LoginFailureWindow>(entity =>
        {
            entity.ToTable("login_failures");
            entity.HasKey(f => f.Key);
            entity.Property(f => f.Key).HasMaxLength(Auth.LoginFailureWindow.KeyMaxLength);
            entity.HasIndex(f => f.SinceMs);
        });
    }
}

public static class UserDataSetup
{
    public static IServiceCollection AddUserData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddServiceDatabase<UserDbContext>(configuration, contentRoot, UserDbContext.DatabaseName);
        services.AddShiftCopy<UserDbContext>(configuration);
        services.AddOutbox<UserDbContext>();
        services.AddScoped<IStaffAccessCheck, UserStaffAccessCheck>();
        return services;
    }
}

/// <summary>user-service owns the accounts, so it asks them directly; shifts come from its local copy.</summary>
internal sealed class UserStaffAccessCheck(UserDbContext db, IShiftLookup shifts, TimeProvider clock) : IStaffAccessCheck
{
    public async ValueTask<StaffAccessVerdict> CheckAsync(CurrentUser user, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var access = await db.Users.AsNoTracking()
            .Where(u => u.Id == user.Id)
            .Select(u => new { u.Active, u.TokensRevokedBefore, u.OfficeHoursId })
            .FirstOrDefaultAsync(cancellationToken);
        if (access is null) return StaffAccessVerdict.AccountInactive;
        var verdict = StaffAccessRule.Judge(access.Active, access.TokensRevokedBefore, issuedAt);
        return verdict != StaffAccessVerdict.Allowed
            ? verdict
            : await StaffAccessRule.JudgeShiftAsync(user, access.OfficeHoursId, shifts, clock.GetUtcNow(), cancellationToken);
    }
}
