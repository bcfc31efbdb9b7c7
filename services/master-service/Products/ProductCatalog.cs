using Microsoft.Extensions.Options;
using TokenPln.Iak;

namespace TokenPln.MasterService.Products;

/// <summary>A PLN token product: <c>Price</c> is IAK's, <c>SellingPrice</c> the owner's (what the customer pays), filled by the API.</summary>
public sealed record PrepaidProduct(string Code, string Description, long Nominal, long Price, bool Active, long? SellingPrice = null);

public sealed record PostpaidProduct(string Code, string Name, string Type, long Admin, bool Active);

/// <summary>A price list as served: fresh from IAK or the cache, or stale because IAK failed.</summary>
public sealed record CatalogAnswer<T>(IReadOnlyList<T> Items, bool Stale, DateTimeOffset FetchedAt);

public sealed class ProviderUnavailableException(string message) : Exception(message);

/// <summary>
/// IAK's price lists, cached for <c>Products:CacheMinutes</c>. When IAK fails the last good list is served,
/// marked stale, so cashiers keep selling; with no list at all the failure is reported.
/// </summary>
public sealed class ProductCatalog(IIakClient iak, IOptions<IakOptions> iakOptions, IConfiguration configuration, TimeProvider clock,
    ILogger<ProductCatalog> logger)
{
    private readonly TimeSpan _freshFor = TimeSpan.FromMinutes(configuration.GetValue("Products:CacheMinutes", 10.0));
    private readonly CachedList<PrepaidProduct> _prepaid = new();
    private readonly CachedList<PostpaidProduct> _postpaid = new();
    private readonly string _nonTaglisCode = iakOptions.Value.NonTaglisCode;

    public Task<CatalogAnswer<PrepaidProduct>> GetPrepaidAsync(CancellationToken cancellationToken) =>
        GetAsync(_prepaid, "prepaid", async ct =>
        {
            var result = await iak.GetPlnTokenPriceListAsync(ct);
            return result.IsSuccess
                ? result.Value!.Select(p => new PrepaidProduct(p.Code, p.Description, p.Nominal, p.Price, p.Active)).OrderBy(p => p.Nominal).ToList()
                : throw new ProviderUnavailableException(result.Message);
        }, cancellationToken);

    public Task<CatalogAnswer<PostpaidProduct>> GetPostpaidAsync(CancellationToken cancellationToken) =>
        GetAsync(_postpaid, "postpaid", async ct =>
        {
            var result = await iak.GetPostpaidPriceListAsync(ct);
            return result.IsSuccess
                ? result.Value!
                    .Where(p => p.Code == IakOptions.PostpaidCode || p.Code == _nonTaglisCode)
                    .Select(p => new PostpaidProduct(p.Code, p.Name, p.Code == IakOptions.PostpaidCode ? "postpaid" : "nontaglis", p.Fee, p.Active))
                    .ToList()
                : throw new ProviderUnavailableException(result.Message);
        }, cancellationToken);

    private async Task<CatalogAnswer<T>> GetAsync<T>(CachedList<T> cache, string name, Func<CancellationToken, Task<List<T>>> fetch,
        CancellationToken cancellationToken)
    {
        if (cache.Current is { } fresh && clock.GetUtcNow() - fresh.FetchedAt < _freshFor)
        {
            return fresh;
        }

        await cache.Refresh.WaitAsync(cancellationToken);
        try
        {
            if (cache.Current is { } refreshed && clock.GetUtcNow() - refreshed.FetchedAt < _freshFor)
            {
                return refreshed;
            }

            var items = await fetch(cancellationToken);
            cache.Current = new CatalogAnswer<T>(items, false, clock.GetUtcNow());
            logger.LogInformation("Fetched the {Catalog} price list from IAK: {Count} products", name, items.Count);
            return cache.Current;
        }
        catch (ProviderUnavailableException ex) when (cache.Current is { } last)
        {
            logger.LogWarning("IAK {Catalog} price list unavailable ({Error}); serving the list from {FetchedAt}", name, ex.Message, last.FetchedAt);
            return last with { Stale = true };
        }
        finally
        {
            cache.Refresh.Release();
        }
    }

    private sealed class CachedList<T>
    {
        public SemaphoreSlim Refresh { get; } = new(1, 1);
        public volatile CatalogAnswer<T>? Current;
    }
}
