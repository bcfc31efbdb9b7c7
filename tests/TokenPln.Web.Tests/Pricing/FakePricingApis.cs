using System.Net;
using Refit;
using TokenPln.Web.Api;
using TokenPln.Web.Pricing;

namespace TokenPln.Web.Tests.Pricing;

/// <summary>master-service's prices as a test scripts them: the rules it keeps, the selling prices it works out, what was sent.</summary>
internal sealed class FakePricesApi : IPricesApi
{
    // 10 Juli 2024 07:54 WIB.
    public static readonly DateTimeOffset At = new(2024, 7, 10, 0, 54, 0, TimeSpan.Zero);

    public List<ProductPrice> Products { get; } =
    [
        new("hpln20000", "PLN 20.000", 20_000, 20_500, true, null, 21_000, 500),
        new("hpln50000", "PLN 50.000", 50_000, 50_500, true, new PriceRule("percent", 2, At, "Pemilik"), 51_510, 1_010),
    ];

    public PriceSettings Settings { get; set; } = new("fixed", 500, 2_500, 3_000, null, null);
    public bool Stale { get; set; }
    public List<PriceChange> Changes { get; } = [];
    public List<(string Code, PriceRuleRequest Request)> RulesSet { get; } = [];
    public List<string> Removed { get; } = [];
    public List<PriceSettingsRequest> SettingsSet { get; } = [];

    /// <summary>A problem body the next save answers with (status 400), as the service would.</summary>
    public string? Refusal { get; set; }

    public Task<PriceList> ListAsync(CancellationToken cancellationToken) => Task.FromResult(new PriceList(Products.ToList(), Settings, Stale));

    public async Task<ProductPrice> SetAsync(string code, PriceRuleRequest request, CancellationToken cancellationToken)
    {
        RulesSet.Add((code, request));
        await RefuseIfAsked();
        var index = Products.FindIndex(p => p.Code == code);
        var product = Products[index];
        var value = request.Value!.Value;
        var selling = request.Kind switch
        {
            "price" => value,
            "percent" => product.IakPrice + (product.IakPrice * value + 99) / 100,
            _ => product.IakPrice + value,
        };
        Products[index] = product with { Rule = new PriceRule(request.Kind, value, At, "Pemilik"), SellingPrice = selling, Margin = selling - product.IakPrice };
        Changes.Insert(0, new PriceChange(At, 1, "Pemilik", code, null, $"markup {value}"));
        return Products[index];
    }

    public Task RemoveAsync(string code, CancellationToken cancellationToken)
    {
        Removed.Add(code);
        var index = Products.FindIndex(p => p.Code == code);
        var product = Products[index];
        Products[index] = product with { Rule = null, SellingPrice = product.IakPrice + Settings.DefaultValue, Margin = Settings.DefaultValue };
        return Task.CompletedTask;
    }

    public async Task<PriceSettings> SetSettingsAsync(PriceSettingsRequest request, CancellationToken cancellationToken)
    {
        SettingsSet.Add(request);
        await RefuseIfAsked();
        Settings = new PriceSettings(request.DefaultKind, request.DefaultValue!.Value, request.PostpaidAdminFee!.Value, request.NontaglisAdminFee!.Value,
            At, "Pemilik");
        return Settings;
    }

    public Task<List<PriceChange>> ChangesAsync(CancellationToken cancellationToken) => Task.FromResult(Changes.ToList());

    private async Task RefuseIfAsked()
    {
        if (Refusal is not { } refusal) return;
        throw await ApiException.Create(new HttpRequestMessage(HttpMethod.Put, "http://localhost/api/prices"), HttpMethod.Put,
            new HttpResponseMessage(HttpStatusCode.BadRequest) { Content = new StringContent(refusal) }, new RefitSettings());
    }
}

/// <summary>transaction-service's margin figures as a test sets them, and every query asked.</summary>
internal sealed class FakeMarginApi : IMarginApi
{
    public MarginFigures Figures { get; set; } = new(0, 0, 0, 0, []);
    public List<TransactionQuery> Queries { get; } = [];

    public Task<MarginFigures> GetAsync(TransactionQuery query, CancellationToken cancellationToken)
    {
        Queries.Add(query);
        return Task.FromResult(Figures);
    }
}

/// <summary>The owner's transaction list as transaction-service pages it (the cashier's sales routes are not used there).</summary>
internal sealed class FakeOwnerListApi : ITransactionApi
{
    public List<TransactionInfo> Items { get; } = [];

    public Task<PagedList<TransactionInfo>> ListAsync(TransactionQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PagedList<TransactionInfo>(Items, Items.Count, 1, 20));

    public Task<TransactionInfo> SellTokenAsync(PrepaidSaleRequest request, string idempotencyKey, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<TransactionInfo> GetAsync(string invoice, CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
