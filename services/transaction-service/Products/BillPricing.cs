using TokenPln.Iak;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Products;

/// <summary>A bill as the counter charges it: IAK's price plus the counter's admin fee; its cost is what IAK deducts.</summary>
public sealed record PricedBill(long Price, long Cost, long Admin, long CounterFee);

/// <summary>Prices a bill from the local copy of the owner's admin fees, so a bill is paid while master-service is down.</summary>
public sealed class BillPricing(ProductCatalogCopy copy, ILogger<BillPricing> logger)
{
    public PricedBill Price(TransactionType type, IakBill bill)
    {
        if (copy.Fees is null)
        {
            // No copy yet (a first start with master-service down): the bill sells at IAK's price rather than not at all.
            logger.LogWarning("No counter admin fees are known yet; the {Type} bill {CustomerId} carries no counter fee", type, bill.CustomerId);
        }

        var fee = type == TransactionType.Nontaglis ? copy.Fees?.NontaglisAdminFee ?? 0 : copy.Fees?.PostpaidAdminFee ?? 0;
        // IAK's selling_price is what it deducts; an answer without one is taken as IAK's price (no margin known but the fee).
        var cost = bill.SellingPrice > 0 ? bill.SellingPrice : bill.Price;
        return new PricedBill(bill.Price + fee, cost, bill.Admin + fee, fee);
    }
}
