using Microsoft.EntityFrameworkCore;
using TokenPln.LocalCopies.Shifts;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.ServiceDefaults.Leases;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.ServiceDefaults.Persistence;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Drawers;
using TokenPln.TransactionService.Products;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Data;

public sealed class TransactionDbContext(DbContextOptions<TransactionDbContext> options)
    : DbContext(options), IShiftCopyDbContext, IOutboxDbContext, IStaffAccessCopyDbContext, IProductCopyDbContext,
    IDepositDbContext, IDrawerDbContext
{
    public const string DatabaseName = "transaction-service";
    public const string OneBillPaymentIndex = "UX_transactions_bill_payment";

    /// <summary>Only the disputed sales, newest first: few, and read by the dashboard and the disputed filter.</summary>
    public const string DisputedSalesIndex = "IX_transactions_disputed";
    public const string DisputedSalesFilter = "\"Disputed\"";

    /// <summary>Payments that hold the bill: a failed one releases it. Quoted identifiers read the same on SQLite and PostgreSQL.</summary>
    public const string OneBillPaymentFilter = "\"Status\" IN ('Pending', 'Success') AND \"Type\" <> 'Prepaid'";

    public DbSet<ShiftCopy> ShiftCopies => Set<ShiftCopy>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<StaffAccessCopy> StaffAccessCopies => Set<StaffAccessCopy>();
    public DbSet<ProductCopy> ProductCopies => Set<ProductCopy>();
    public DbSet<CounterFeesCopy> CounterFeesCopies => Set<CounterFeesCopy>();
    public DbSet<Transaction> Transactions => Set<Transaction>();
    public DbSet<StatusChange> StatusChanges => Set<StatusChange>();
    public DbSet<DailySales> DailySales => Set<DailySales>();
    public DbSet<HourlySales> HourlySales => Set<HourlySales>();
    public DbSet<IakDeposit> IakDeposits => Set<IakDeposit>();
    public DbSet<CashDrawer> CashDrawers => Set<CashDrawer>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ConfigureShiftCopy();
        modelBuilder.ConfigureOutbox();
        modelBuilder.ConfigureLeases();
        modelBuilder.ConfigureStaffAccessCopy();
        modelBuilder.ConfigureProductCopy();
        modelBuilder.ConfigureIakDeposit();
        modelBuilder.ConfigureDrawers();
        // Feature folders that use the sales (and so this context) bring their own tables this way, without an import cycle.
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(TransactionDbContext).Assembly);
        modelBuilder.Entity<Transaction>(entity =>
        {
            // The rollup triggers run AFTER each write; SQLite's RETURNING clause cannot be used on such a table (EF reads the
            // generated key and the concurrency check with a following SELECT instead).
            entity.ToTable("transactions", table => table.UseSqlReturningClause(false));
            entity.HasKey(t => t.Id);
            entity.Property(t => t.Invoice).HasMaxLength(20);
            entity.Property(t => t.RefId).HasMaxLength(20);
            entity.Property(t => t.Type).HasConversion<string>().HasMaxLength(12);
            entity.Property(t => t.Status).HasConversion<string>().HasMaxLength(10);
            entity.Property(t => t.ProductCode).HasMaxLength(30);
            entity.Property(t => t.CustomerId).HasMaxLength(20);
            entity.Property(t => t.CustomerName).HasMaxLength(100);
            entity.Property(t => t.Rc).HasMaxLength(10);
            entity.Property(t => t.Message).HasMaxLength(200);
            entity.Property(t => t.Period).HasMaxLength(100);
            entity.Property(t => t.SerialNumber).HasMaxLength(200);
            entity.Property(t => t.CashierName).HasMaxLength(100);
            entity.Property(t => t.IdempotencyKey).HasMaxLength(100);
            entity.Property(t => t.Version).IsConcurrencyToken();
            entity.Ignore(t => t.Token);
            entity.Ignore(t => t.IsFinal);
            entity.HasIndex(t => t.Invoice).IsUnique();
            entity.HasIndex(t => t.RefId).IsUnique();
            entity.HasIndex(t => new { t.CashierId, t.IdempotencyKey }).IsUnique();
            entity.HasIndex(t => new { t.Status, t.NextCheckAt });
            entity.HasIndex(t => new { t.LocalDate, t.Status });
            entity.HasIndex(t => new { t.CashierId, t.CreatedAt });
            entity.HasIndex(t => t.CreatedAt);
            entity.HasIndex(t => t.CustomerId);
            entity.HasIndex(t => new { t.CashierId, t.LocalDate });
            entity.HasIndex(t => new { t.Type, t.Status, t.CreatedAt });
            // One bill (product, customer, period) is paid at most once: a second inquiry of it must not become a second payment.
            entity.HasIndex(t => new { t.ProductCode, t.CustomerId, t.Period }).IsUnique().HasFilter(OneBillPaymentFilter)
                .HasDatabaseName(OneBillPaymentIndex);
            entity.Property(t => t.IakMessage).HasMaxLength(200);
            entity.Property(t => t.DisputeReason).HasMaxLength(40);
            entity.Property(t => t.IakStatus).HasMaxLength(10);
            entity.Property(t => t.IakSerialNumber).HasMaxLength(200);
            entity.HasIndex(t => t.CreatedAt, DisputedSalesIndex).HasFilter(DisputedSalesFilter);
            entity.HasIndex(t => new { t.AwaitingIak, t.NextCheckAt });
        });
        modelBuilder.Entity<StatusChange>(entity =>
        {
            entity.ToTable("status_changes");
            entity.HasKey(s => s.Id);
            entity.Property(s => s.Invoice).HasMaxLength(20);
            entity.Property(s => s.FromStatus).HasConversion<string>().HasMaxLength(10);
            entity.Property(s => s.ToStatus).HasConversion<string>().HasMaxLength(10);
            entity.Property(s => s.Source).HasMaxLength(20);
            entity.Property(s => s.ChangedByName).HasMaxLength(100);
            entity.Property(s => s.Reason).HasMaxLength(500);
            entity.HasIndex(s => s.TransactionId);
        });
        modelBuilder.Entity<DailySales>(entity =>
        {
            entity.ToTable("sales_daily");
            entity.HasKey(d => new { d.LocalDate, d.CashierId, d.Type, d.Status });
            entity.Property(d => d.Type).HasConversion<string>().HasMaxLength(12);
            entity.Property(d => d.Status).HasConversion<string>().HasMaxLength(10);
        });
        modelBuilder.Entity<HourlySales>(entity =>
        {
            entity.ToTable("sales_hourly");
            entity.HasKey(h => new { h.LocalDate, h.LocalHour, h.CashierId, h.Type, h.Status });
            entity.Property(h => h.Type).HasConversion<string>().HasMaxLength(12);
            entity.Property(h => h.Status).HasConversion<string>().HasMaxLength(10);
        });
    }
}

public static class TransactionDataSetup
{
    public static IServiceCollection AddTransactionData(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddServiceDatabase<TransactionDbContext>(configuration, contentRoot, TransactionDbContext.DatabaseName);
        services.AddShiftCopy<TransactionDbContext>(configuration);
        services.AddOutbox<TransactionDbContext>();
        // The status-check poller, the deposit check and the daily reconciliation run on one replica at a time.
        services.AddDatabaseLeases<TransactionDbContext>();
        services.AddStaffAccessCopy<TransactionDbContext>(configuration);
        services.AddScoped<IProductCopyDbContext>(sp => sp.GetRequiredService<TransactionDbContext>());
        services.AddProductCopy<TransactionDbContext>(configuration);
        services.AddScoped<IDepositDbContext>(sp => sp.GetRequiredService<TransactionDbContext>());
        services.AddScoped<IDrawerDbContext>(sp => sp.GetRequiredService<TransactionDbContext>());
        return services;
    }
}
