using Microsoft.EntityFrameworkCore;

namespace TokenPln.TransactionService.Products;

/// <summary>
/// The local copy of one PLN token product from master-service (which has it from IAK), kept so that a sale's product
/// is checked, and its price fixed, while master-service is down and after a restart.
/// </summary>
public sealed class ProductCopy
{
    public const int CodeMaxLength = 30;

    public required string Code { get; init; }
    public required string Description { get; set; }
    public long Nominal { get; set; }
    /// <summary>IAK's price: what IAK deducts, the sale's cost.</summary>
    public long Price { get; set; }

    /// <summary>The owner's selling price: what the sale charges.</summary>
    public long SellingPrice { get; set; }

    public bool Active { get; set; }

    /// <summary>When this copy last changed.</summary>
    public DateTime ReplicatedAt { get; set; }
}

/// <summary>The copy of the counter's admin fees per bill (one row), so a bill is priced while master-service is down.</summary>
public sealed class CounterFeesCopy
{
    public const int SingleId = 1;

    public int Id { get; init; } = SingleId;
    public long PostpaidAdminFee { get; set; }
    public long NontaglisAdminFee { get; set; }
    public DateTime ReplicatedAt { get; set; }
}

/// <summary>The database that holds the copy: the service's own, which this folder does not need to know.</summary>
public interface IProductCopyDbContext
{
    DbSet<ProductCopy> ProductCopies { get; }
    DbSet<CounterFeesCopy> CounterFeesCopies { get; }
    Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade Database { get; }
}

public static class ProductCopyModel
{
    public static ModelBuilder ConfigureProductCopy(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProductCopy>(entity =>
        {
            entity.ToTable("product_replica");
            entity.HasKey(p => p.Code);
            entity.Property(p => p.Code).HasMaxLength(ProductCopy.CodeMaxLength);
            entity.Property(p => p.Description).HasMaxLength(100);
        });
        modelBuilder.Entity<CounterFeesCopy>(entity =>
        {
            entity.ToTable("counter_fees_replica");
            entity.HasKey(f => f.Id);
            entity.Property(f => f.Id).ValueGeneratedNever();
        });
        return modelBuilder;
    }
}
