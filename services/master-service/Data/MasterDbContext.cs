using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.MasterService.OfficeHours;
using TokenPln.MasterService.Pricing;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.MasterService.Data;

public sealed class MasterDbContext(DbContextOptions<MasterDbContext> options) : DbContext(options), IOutboxDbContext, IStaffAccessCopyDbContext,
    IPricingDbContext
{
    public const string DatabaseName = "master-service";

    public DbSet<Shift> OfficeHours => Set<Shift>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<StaffAccessCopy> StaffAccessCopies => Set<StaffAccessCopy>();
    public DbSet<ProductPriceRule> ProductPriceRules => Set<ProductPriceRule>();
    public DbSet<PriceSettings> PriceSettings => Set<PriceSettings>();
    public DbSet<PriceChange> PriceChanges => Set<PriceChange>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Shift>(entity =>
        {
            entity.ToTable("office_hours");
            entity.HasKey(o => o.Id);
            entity.Property(o => o.Name).HasMaxLength(Shift.NameMaxLength);
            entity.Property(o => o.Version).IsConcurrencyToken();
        });
        modelBuilder.ConfigureOutbox();
        modelBuilder.ConfigureStaffAccessCopy();
        modelBuilder.ConfigurePricing();
    }
}

public static class MasterDataSetup
{
    public static IServiceCollection AddMasterData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddServiceDatabase<MasterDbContext>(configuration, contentRoot, MasterDbContext.DatabaseName);
        services.AddOutbox<MasterDbContext>();
        services.AddSingleton<OwnShifts>();
        services.AddSingleton<IShiftLookup>(sp => sp.GetRequiredService<OwnShifts>());
        services.AddPeriodicReload<MasterDbContext>("shift list", "OfficeHours:RefreshInterval", sp => sp.GetRequiredService<OwnShifts>().ReloadAsync);
        services.AddStaffAccessCopy<MasterDbContext>(configuration);
        return services;
    }
}
