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
    public long Price { get; set; }
    public bool Active { get; set; }

    /// <summary>When this copy last changed.</summary>
    public DateTime ReplicatedAt { get; set; }
}

/// <summary>The database that holds the copy: the service's own, which this folder does not need to know.</summary>
public interface IProductCopyDbContext
{
    DbSet<ProductCopy> ProductCopies { get; }
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
        return modelBuilder;
    }
}
