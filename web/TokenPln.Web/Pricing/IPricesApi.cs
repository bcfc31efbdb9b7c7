using Refit;

namespace TokenPln.Web.Pricing;

/// <summary>master-service's owner-only selling prices, through the web app's sidecar with the user's own token.</summary>
public interface IPricesApi
{
    [Get("/api/prices")]
    Task<PriceList> ListAsync(CancellationToken cancellationToken);

    [Put("/api/prices/products/{code}")]
    Task<ProductPrice> SetAsync(string code, [Body] PriceRuleRequest request, CancellationToken cancellationToken);

    /// <summary>Lets the product take the default markup again.</summary>
    [Delete("/api/prices/products/{code}")]
    Task RemoveAsync(string code, CancellationToken cancellationToken);

    [Put("/api/prices/settings")]
    Task<PriceSettings> SetSettingsAsync([Body] PriceSettingsRequest request, CancellationToken cancellationToken);

    /// <summary>The audit, newest first.</summary>
    [Get("/api/prices/changes")]
    Task<List<PriceChange>> ChangesAsync(CancellationToken cancellationToken);
}

/// <summary>transaction-service's owner-only margin figures, for the same filters as the transaction list and the dashboard.</summary>
public interface IMarginApi
{
    [Get("/api/dashboard/margin")]
    Task<MarginFigures> GetAsync([Query] Api.TransactionQuery query, CancellationToken cancellationToken);
}
