using TokenPln.Contracts.Money;
using Microsoft.EntityFrameworkCore;

namespace TokenPln.MasterService.Pricing;

/// <summary>How the owner prices a product: a selling price of its own, or a markup over IAK's price.</summary>
public enum PriceRuleKind
{
    /// <summary><c>Value</c> is the selling price itself, whole rupiah.</summary>
    Price,

    /// <summary><c>Value</c> rupiah on top of IAK's price.</summary>
    Fixed,

    /// <summary><c>Value</c> percent of IAK's price on top of it, rounded up to the whole rupiah.</summary>
    Percent,
}

/// <summary>The owner's rule for one PLN token product; products without one take the default markup.</summary>
public sealed class ProductPriceRule
{
    public required string Code { get; init; }
    public PriceRuleKind Kind { get; set; }
    public long Value { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int UpdatedById { get; set; }
    public required string UpdatedByName { get; set; }
}

/// <summary>The one row of counter-wide prices: the default markup and the counter's admin fee per bill kind.</summary>
public sealed class PriceSettings
{
    public const int SingleId = 1;

    public int Id { get; init; } = SingleId;

    /// <summary>Fixed or percent only: a selling price of its own makes sense per product, not for every product.</summary>
    public PriceRuleKind DefaultKind { get; set; } = PriceRuleKind.Fixed;

    public long DefaultValue { get; set; }
    public long PostpaidAdminFee { get; set; }
    public long NontaglisAdminFee { get; set; }
    public DateTime UpdatedAt { get; set; }
    public int UpdatedById { get; set; }
    public string? UpdatedByName { get; set; }
}

/// <summary>The audit of the owner's prices: who changed what, when, from what to what.</summary>
public sealed class PriceChange
{
    public long Id { get; init; }
    public DateTime At { get; init; }
    public int ById { get; init; }
    public required string ByName { get; init; }

    /// <summary>A product code, or <c>settings</c> for the default markup and admin fees.</summary>
    public required string Subject { get; init; }

    public string? Before { get; init; }
    public string? After { get; init; }
}

public interface IPricingDbContext
{
    DbSet<ProductPriceRule> ProductPriceRules { get; }
    DbSet<PriceSettings> PriceSettings { get; }
    DbSet<PriceChange> PriceChanges { get; }
}

public static class PricingModel
{
    public const int CodeMaxLength = 30;
    public const int SubjectMaxLength = 40;
    public const int DescriptionMaxLength = 200;

    public static ModelBuilder ConfigurePricing(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ProductPriceRule>(entity =>
        {
            entity.ToTable("price_rules");
            entity.HasKey(r => r.Code);
            entity.Property(r => r.Code).HasMaxLength(CodeMaxLength);
            entity.Property(r => r.Kind).HasConversion<string>().HasMaxLength(10);
            entity.Property(r => r.UpdatedByName).HasMaxLength(100);
        });
        modelBuilder.Entity<PriceSettings>(entity =>
        {
            entity.ToTable("price_settings");
            entity.HasKey(s => s.Id);
            entity.Property(s => s.Id).ValueGeneratedNever();
            entity.Property(s => s.DefaultKind).HasConversion<string>().HasMaxLength(10);
            entity.Property(s => s.UpdatedByName).HasMaxLength(100);
        });
        modelBuilder.Entity<PriceChange>(entity =>
        {
            entity.ToTable("price_changes");
            entity.HasKey(c => c.Id);
            entity.Property(c => c.ByName).HasMaxLength(100);
            entity.Property(c => c.Subject).HasMaxLength(SubjectMaxLength);
            entity.Property(c => c.Before).HasMaxLength(DescriptionMaxLength);
            entity.Property(c => c.After).HasMaxLength(DescriptionMaxLength);
            entity.HasIndex(c => c.At);
        });
        return modelBuilder;
    }
}

/// <summary>The arithmetic of selling prices, in one place: what the API shows is what the copy sells at.</summary>
public static class SellingPrices
{
    public const long MaxFixedMarkup = 1_000_000;
    public const long MaxPercent = 100;
    public const long MaxAdminFee = 50_000;

    public static long Of(long iakPrice, PriceRuleKind kind, long value) => kind switch
    {
        // A selling price set before IAK raised its price would sell at a loss: never below what IAK deducts.
        PriceRuleKind.Price => Math.Max(value, iakPrice),
        PriceRuleKind.Fixed => iakPrice + value,
        // Rounded up: a markup of a fraction of a rupiah is still a markup.
        PriceRuleKind.Percent => iakPrice + (iakPrice * value + 99) / 100,
        _ => iakPrice,
    };

    /// <summary>A rule as the owner reads it in the audit, in Indonesian (the audit is shown as it is stored).</summary>
    public static string Describe(PriceRuleKind kind, long value) => kind switch
    {
        PriceRuleKind.Price => $"harga jual {Rupiah.Format(value)}",
        PriceRuleKind.Fixed => $"markup {Rupiah.Format(value)}",
        PriceRuleKind.Percent => $"markup {value}%",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

}
