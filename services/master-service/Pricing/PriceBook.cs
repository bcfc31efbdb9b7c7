using Microsoft.EntityFrameworkCore;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.Products;

namespace TokenPln.MasterService.Pricing;

/// <summary>The owner's rules as read once for a list: each product's own rule, else the default markup.</summary>
public sealed record PriceBook(IReadOnlyDictionary<string, ProductPriceRule> Rules, PriceSettings Settings)
{
    public static async Task<PriceBook> LoadAsync(MasterDbContext db, CancellationToken cancellationToken)
    {
        var rules = await db.ProductPriceRules.AsNoTracking().ToDictionaryAsync(r => r.Code, StringComparer.Ordinal, cancellationToken);
        var settings = await db.PriceSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new PriceSettings();
        return new PriceBook(rules, settings);
    }

    public long SellingPrice(string code, long iakPrice) => Rules.TryGetValue(code, out var rule)
        ? SellingPrices.Of(iakPrice, rule.Kind, rule.Value)
        : SellingPrices.Of(iakPrice, Settings.DefaultKind, Settings.DefaultValue);

    public PrepaidProduct Priced(PrepaidProduct product) => product with { SellingPrice = SellingPrice(product.Code, product.Price) };
}
