using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.OfficeHours;
using TokenPln.BuildingBlocks.Persistence;

namespace TokenPln.TransactionService.Data;

public sealed class TransactionDbContext(DbContextOptions<TransactionDbContext> options) : DbContext(options), IOfficeHoursReplicaDbContext
{
    public const string DatabaseName = "transaction-service";

    public DbSet<OfficeHoursReplica> OfficeHoursReplicas => Set<OfficeHoursReplica>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ConfigureOfficeHoursReplica();
}

public static class TransactionDataSetup
{
    public static IServiceCollection AddTransactionData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddServiceDatabase<TransactionDbContext>(configuration, contentRoot, TransactionDbContext.DatabaseName);
        services.AddOfficeHoursReplica<TransactionDbContext>(configuration);
        return services;
    }
}
