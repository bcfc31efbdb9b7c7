using Refit;

namespace TokenPln.LocalCopies.Products;

/// <summary>A PLN token product as master-service has it from IAK: <c>Price</c> is what the customer pays.</summary>
public sealed record PrepaidProductSnapshot(string Code, string Description, long Nominal, long Price, bool Active);

/// <summary>master-service's PLN token price list, from its sidecar-only read, through Dapr service invocation.</summary>
public interface IMasterProductsClient
{
    public const string Route = "internal/products/prepaid";

    /// <summary>Every PLN token product, inactive ones included.</summary>
    [Get("/" + Route)]
    Task<IReadOnlyList<PrepaidProductSnapshot>> GetPrepaidAsync(CancellationToken cancellationToken);
}
