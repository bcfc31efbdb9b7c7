using Refit;

namespace TokenPln.LocalCopies.Products;

/// <summary>
/// A PLN token product as master-service has it: <c>Price</c> is IAK's (what IAK deducts from the deposit), <c>SellingPrice</c> what
/// the customer pays under the owner's prices. A master-service that predates selling prices sends none: the sale charges IAK's price.
/// </summary>
public sealed record PrepaidProductSnapshot(string Code, string Description, long Nominal, long Price, bool Active, long? SellingPrice = null)
{
    public long PriceToCharge => SellingPrice is > 0 and var selling ? selling : Price;
}

/// <summary>The counter's admin fee per bill, on top of IAK's price, set by the owner in master-service.</summary>
public sealed record CounterFeesSnapshot(long PostpaidAdminFee, long NontaglisAdminFee);

/// <summary>master-service's PLN token price list, from its sidecar-only read, through Dapr service invocation.</summary>
public interface IMasterProductsClient
{
    public const string Route = "internal/products/prepaid";
    public const string FeesRoute = "internal/prices/fees";

    /// <summary>Every PLN token product, inactive ones included.</summary>
    [Get("/" + Route)]
    Task<IReadOnlyList<PrepaidProductSnapshot>> GetPrepaidAsync(CancellationToken cancellationToken);

    /// <summary>The counter admin fees for postpaid and Non-Taglis bills.</summary>
    [Get("/" + FeesRoute)]
    Task<CounterFeesSnapshot> GetCounterFeesAsync(CancellationToken cancellationToken);
}
