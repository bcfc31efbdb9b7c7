using TokenPln.Contracts.Money;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.Contracts.Events;
using TokenPln.LocalCopies.Products;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.Products;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Http;
using TokenPln.ServiceDefaults.Outbox;

namespace TokenPln.MasterService.Pricing;

public sealed record PriceRuleRequest(string? Kind, long? Value);

public sealed record PriceSettingsRequest(string? DefaultKind, long? DefaultValue, long? PostpaidAdminFee, long? NontaglisAdminFee);

public sealed record PriceRuleResponse(string Kind, long Value, DateTimeOffset UpdatedAt, string UpdatedByName);

/// <summary>One PLN token product as the owner prices it: IAK's price, the rule (null: the default markup), what it sells at.</summary>
public sealed record ProductPriceResponse(string Code, string Description, long Nominal, long IakPrice, bool Active, PriceRuleResponse? Rule,
    long SellingPrice, long Margin);

public sealed record PriceSettingsResponse(string DefaultKind, long DefaultValue, long PostpaidAdminFee, long NontaglisAdminFee,
    DateTimeOffset? UpdatedAt, string? UpdatedByName);

public sealed record PriceListResponse(IReadOnlyList<ProductPriceResponse> Products, PriceSettingsResponse Settings, bool Stale);

public sealed record PriceChangeResponse(DateTimeOffset At, int ById, string ByName, string Subject, string? Before, string? After);

/// <summary>
/// The owner's selling prices. Every change is audited (who, when, before, after) and announced on <c>prices-changed</c>
/// through the outbox in the same transaction, so transaction-service refreshes its copy at once instead of at its next resync.
/// </summary>
public static class PricesApi
{
    /// <summary>The audit subject of the default markup and admin fees (a product's is its code).</summary>
    public const string SettingsSubject = "settings";

    public static IEndpointRouteBuilder MapPricesApi(this IEndpointRouteBuilder endpoints)
    {
        var prices = endpoints.MapGroup("/api/prices").WithTags("Prices").RequireAuthorization(Policies.Owner);
        prices.MapGet("/", List).WithName("ListSellingPrices")
            .WithSummary("Every PLN token product with IAK's price, the owner's rule, the selling price and margin; the default markup and admin fees");
        prices.MapPut("/products/{code}", SetRule).WithName("SetProductPrice")
            .WithSummary("Set a product's selling price (kind price) or markup over IAK's price (kind fixed rupiah or percent); audited");
        prices.MapDelete("/products/{code}", RemoveRule).WithName("RemoveProductPrice")
            .WithSummary("Let a product take the default markup again; audited");
        prices.MapPut("/settings", SetSettings).WithName("SetPriceSettings")
            .WithSummary("The default markup (fixed or percent) and the counter admin fee for postpaid and Non-Taglis bills; audited");
        prices.MapGet("/changes", Changes).WithName("ListPriceChanges").WithSummary("The audit of price changes, newest first (at most 200)");

        endpoints.MapGet("/" + IMasterProductsClient.FeesRoute, FeesForReplicas).RequireSidecar()
            .WithTags("Internal").WithName("GetCounterFeesForReplicas")
            .WithSummary("The counter admin fees for postpaid and Non-Taglis bills, for transaction-service's local copy");
        return endpoints;
    }

    public static async Task<Results<Ok<PriceListResponse>, ProblemHttpResult>> List(ProductCatalog catalog, MasterDbContext db,
        CancellationToken cancellationToken)
    {
        CatalogAnswer<PrepaidProduct> answer;
        try
        {
            answer = await catalog.GetPrepaidAsync(cancellationToken);
        }
        catch (ProviderUnavailableException)
        {
            return ProductsApi.Unavailable();
        }

        var book = await PriceBook.LoadAsync(db, cancellationToken);
        var products = answer.Items.Select(p =>
        {
            var selling = book.SellingPrice(p.Code, p.Price);
            var rule = book.Rules.GetValueOrDefault(p.Code);
            return new ProductPriceResponse(p.Code, p.Description, p.Nominal, p.Price, p.Active,
                rule is null ? null : new PriceRuleResponse(Name(rule.Kind), rule.Value, Wib(rule.UpdatedAt), rule.UpdatedByName), selling, selling - p.Price);
        }).ToList();
        return TypedResults.Ok(new PriceListResponse(products, SettingsResponse(book.Settings), answer.Stale));
    }

    public static async Task<Results<Ok<ProductPriceResponse>, ValidationProblem, ProblemHttpResult>> SetRule(string code, PriceRuleRequest request,
        HttpContext http, ProductCatalog catalog, MasterDbContext db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var kind = ParseKind(request.Kind);
        var validation = new RequestValidator()
            .Check(kind is not null, "kind", "Pilih price (harga jual), fixed (tambahan rupiah) atau percent (tambahan persen).")
            .Check(request.Value is not null, "value", "Wajib diisi.");
        if (!validation.IsValid) return validation.ToProblem();

        if (await FindProductAsync(code, catalog, cancellationToken) is not { } found) return UnknownProduct(code);
        if (found.Problem is { } unavailable) return unavailable;
        var product = found.Product!;

        var value = request.Value!.Value;
        validation = kind switch
        {
            PriceRuleKind.Price => validation
                .Check(value >= product.Price, "value", $"Harga jual tidak boleh di bawah harga IAK ({Rupiah.Format(product.Price)}).")
                .Check(value <= product.Price + SellingPrices.MaxFixedMarkup, "value",
                    $"Harga jual paling tinggi {Rupiah.Format(product.Price + SellingPrices.MaxFixedMarkup)}."),
            PriceRuleKind.Percent => validation.Check(value is >= 0 and <= SellingPrices.MaxPercent, "value", "Persen tambahan harus 0–100."),
            _ => validation.Check(value is >= 0 and <= SellingPrices.MaxFixedMarkup, "value",
                $"Tambahan harga harus Rp 0–{Rupiah.Format(SellingPrices.MaxFixedMarkup)}."),
        };
        if (!validation.IsValid) return validation.ToProblem();

        var user = CurrentUser.From(http.User);
        var now = clock.GetUtcNow();
        var rule = await db.ProductPriceRules.FirstOrDefaultAsync(r => r.Code == product.Code, cancellationToken);
        var before = rule is null ? null : SellingPrices.Describe(rule.Kind, rule.Value);
        if (rule is null)
        {
            rule = new ProductPriceRule { Code = product.Code, UpdatedByName = user.Name };
            db.ProductPriceRules.Add(rule);
        }

        rule.Kind = kind!.Value;
        rule.Value = value;
        rule.UpdatedAt = now.UtcDateTime;
        rule.UpdatedById = user.Id;
        rule.UpdatedByName = user.Name;
        var saved = await SaveAuditedAsync(db, user, now, product.Code, before, SellingPrices.Describe(rule.Kind, rule.Value), cancellationToken);
        if (saved is not null) return saved;

        var selling = SellingPrices.Of(product.Price, rule.Kind, rule.Value);
        loggers.CreateLogger("TokenPln.Prices").LogInformation("Owner {UserId} priced {ProductCode}: {Before} -> {After} (sells at {SellingPrice})",
            user.Id, product.Code, before, SellingPrices.Describe(rule.Kind, rule.Value), selling);
        return TypedResults.Ok(new ProductPriceResponse(product.Code, product.Description, product.Nominal, product.Price, product.Active,
            new PriceRuleResponse(Name(rule.Kind), rule.Value, Wib(rule.UpdatedAt), rule.UpdatedByName), selling, selling - product.Price));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RemoveRule(string code, HttpContext http, MasterDbContext db, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var rule = await db.ProductPriceRules.FirstOrDefaultAsync(r => r.Code == code, cancellationToken);
        if (rule is null)
        {
            return ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                $"Produk {code} tidak punya harga jual sendiri; produk ini sudah memakai tambahan harga bawaan.");
        }

        var user = CurrentUser.From(http.User);
        var now = clock.GetUtcNow();
        var before = SellingPrices.Describe(rule.Kind, rule.Value);
        db.ProductPriceRules.Remove(rule);
        if (await SaveAuditedAsync(db, user, now, rule.Code, before, "markup bawaan", cancellationToken) is { } conflict) return conflict;

        loggers.CreateLogger("TokenPln.Prices").LogInformation("Owner {UserId} returned {ProductCode} to the default markup (was {Before})",
            user.Id, rule.Code, before);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PriceSettingsResponse>, ValidationProblem, ProblemHttpResult>> SetSettings(PriceSettingsRequest request,
        HttpContext http, MasterDbContext db, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var kind = ParseKind(request.DefaultKind);
        var validation = new RequestValidator()
            .Check(kind is PriceRuleKind.Fixed or PriceRuleKind.Percent, "defaultKind", "Pilih fixed (tambahan rupiah) atau percent (tambahan persen).")
            .Check(request.DefaultValue is not null, "defaultValue", "Wajib diisi.")
            .Check(kind != PriceRuleKind.Percent || request.DefaultValue is null or (>= 0 and <= SellingPrices.MaxPercent), "defaultValue",
                "Persen tambahan harus 0–100.")
            .Check(kind != PriceRuleKind.Fixed || request.DefaultValue is null or (>= 0 and <= SellingPrices.MaxFixedMarkup), "defaultValue",
                $"Tambahan harga harus Rp 0–{Rupiah.Format(SellingPrices.MaxFixedMarkup)}.")
            .Check(request.PostpaidAdminFee is >= 0 and <= SellingPrices.MaxAdminFee, "postpaidAdminFee",
                $"Biaya admin loket harus Rp 0–{Rupiah.Format(SellingPrices.MaxAdminFee)}.")
            .Check(request.NontaglisAdminFee is >= 0 and <= SellingPrices.MaxAdminFee, "nontaglisAdminFee",
                $"Biaya admin loket harus Rp 0–{Rupiah.Format(SellingPrices.MaxAdminFee)}.");
        if (!validation.IsValid) return validation.ToProblem();

        var user = CurrentUser.From(http.User);
        var now = clock.GetUtcNow();
        var settings = await db.PriceSettings.FirstOrDefaultAsync(cancellationToken);
        var before = settings is null ? null : DescribeSettings(settings);
        if (settings is null)
        {
            settings = new PriceSettings();
            db.PriceSettings.Add(settings);
        }

        settings.DefaultKind = kind!.Value;
        settings.DefaultValue = request.DefaultValue!.Value;
        settings.PostpaidAdminFee = request.PostpaidAdminFee!.Value;
        settings.NontaglisAdminFee = request.NontaglisAdminFee!.Value;
        settings.UpdatedAt = now.UtcDateTime;
        settings.UpdatedById = user.Id;
        settings.UpdatedByName = user.Name;
        var after = DescribeSettings(settings);
        if (await SaveAuditedAsync(db, user, now, SettingsSubject, before, after, cancellationToken) is { } conflict) return conflict;

        loggers.CreateLogger("TokenPln.Prices").LogInformation("Owner {UserId} set the counter prices: {Before} -> {After}", user.Id, before, after);
        return TypedResults.Ok(SettingsResponse(settings));
    }

    public static async Task<Ok<List<PriceChangeResponse>>> Changes(MasterDbContext db, CancellationToken cancellationToken)
    {
        var changes = await db.PriceChanges.AsNoTracking().OrderByDescending(c => c.Id).Take(200).ToListAsync(cancellationToken);
        return TypedResults.Ok(changes.Select(c => new PriceChangeResponse(Wib(c.At), c.ById, c.ByName, c.Subject, c.Before, c.After)).ToList());
    }

    public static async Task<Ok<CounterFeesSnapshot>> FeesForReplicas(MasterDbContext db, CancellationToken cancellationToken)
    {
        var settings = await db.PriceSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new PriceSettings();
        return TypedResults.Ok(new CounterFeesSnapshot(settings.PostpaidAdminFee, settings.NontaglisAdminFee));
    }

    /// <summary>The change, its audit row and its announcement in one transaction: all three or none.</summary>
    private static async Task<ProblemHttpResult?> SaveAuditedAsync(MasterDbContext db, CurrentUser user, DateTimeOffset now, string subject,
        string? before, string? after, CancellationToken cancellationToken)
    {
        db.PriceChanges.Add(new PriceChange { At = now.UtcDateTime, ById = user.Id, ByName = user.Name, Subject = subject, Before = before, After = after });
        db.AddToOutbox(Topics.PricesChanged, new PricesChangedIntegrationEvent(subject) { OccurredAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            // Two owners saving the first rule of the same product (or the first settings) at once: one wins, the other reloads.
            return ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.Conflict, "Harga ini baru saja diubah; muat ulang lalu coba lagi.");
        }
    }

    private sealed record FoundProduct(PrepaidProduct? Product, ProblemHttpResult? Problem);

    private static async Task<FoundProduct?> FindProductAsync(string code, ProductCatalog catalog, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await catalog.GetPrepaidAsync(cancellationToken);
            return answer.Items.FirstOrDefault(p => p.Code == code) is { } product ? new FoundProduct(product, null) : null;
        }
        catch (ProviderUnavailableException)
        {
            return new FoundProduct(null, ProductsApi.Unavailable());
        }
    }

    private static ProblemHttpResult UnknownProduct(string code) =>
        ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.PriceUnknownProduct,
            $"Produk {code} tidak ada dalam daftar token PLN dari IAK.");

    private static PriceRuleKind? ParseKind(string? kind) => kind switch
    {
        "price" => PriceRuleKind.Price,
        "fixed" => PriceRuleKind.Fixed,
        "percent" => PriceRuleKind.Percent,
        _ => null,
    };

    private static string Name(PriceRuleKind kind) => kind.ToString().ToLowerInvariant();

    private static PriceSettingsResponse SettingsResponse(PriceSettings s) => new(Name(s.DefaultKind), s.DefaultValue, s.PostpaidAdminFee,
        s.NontaglisAdminFee, s.UpdatedByName is null ? null : Wib(s.UpdatedAt), s.UpdatedByName);

    private static string DescribeSettings(PriceSettings s) =>
        $"bawaan {SellingPrices.Describe(s.DefaultKind, s.DefaultValue)}; admin pascabayar {Rupiah.Format(s.PostpaidAdminFee)}; admin Non-Taglis {Rupiah.Format(s.NontaglisAdminFee)}";

    // Rp 20.500 as the owner reads it, without depending on the id-ID culture being installed.

    private static DateTimeOffset Wib(DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), Contracts.Shifts.ShiftWindow.Jakarta);
}
