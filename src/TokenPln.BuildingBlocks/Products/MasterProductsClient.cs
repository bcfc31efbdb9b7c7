using System.Net.Http.Json;
using TokenPln.BuildingBlocks.Json;

namespace TokenPln.BuildingBlocks.Products;

/// <summary>A PLN token product as master-service has it from IAK: <c>Price</c> is what the customer pays.</summary>
public sealed record PrepaidProductSnapshot(string Code, string Description, long Nominal, long Price, bool Active);

public interface IMasterProductsClient
{
    /// <summary>Every PLN token product, inactive ones included.</summary>
    Task<IReadOnlyList<PrepaidProductSnapshot>> GetPrepaidAsync(CancellationToken cancellationToken);
}

/// <summary>Reads master-service's PLN token price list through Dapr service invocation.</summary>
public sealed class MasterProductsClient(HttpClient httpClient) : IMasterProductsClient
{
    public const string Route = "internal/products/prepaid";

    public async Task<IReadOnlyList<PrepaidProductSnapshot>> GetPrepaidAsync(CancellationToken cancellationToken) =>
        await httpClient.GetFromJsonAsync<List<PrepaidProductSnapshot>>(Route, ApiJson.Options, cancellationToken)
        ?? throw new InvalidOperationException("master-service answered an empty product list.");
}
