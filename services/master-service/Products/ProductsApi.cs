using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.Iak;
using TokenPln.LocalCopies.Products;
using TokenPln.MasterService.Data;
using TokenPln.MasterService.Pricing;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Dapr;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.MasterService.Products;

public sealed record PlnCustomerResponse(string CustomerId, string MeterNumber, string SubscriberId, string Name, string Tariff, int Power);

public static class ProductsApi
{
    public const string ProviderUnavailable = "provider_unavailable";
    public const string CacheHeader = "X-Cache-Status";

    public static IEndpointRouteBuilder MapProductsApi(this IEndpointRouteBuilder endpoints)
    {
        var products = endpoints.MapGroup("/api").WithTags("Products").RequireAuthorization(Policies.Staff);
        products.MapGet("/products/prepaid", Prepaid).WithName("ListPrepaidProducts")
            .WithSummary("PLN token denominations from IAK (active only unless includeInactive=true)");
        products.MapGet("/products/postpaid", Postpaid).WithName("ListPostpaidProducts").WithSummary("PLN postpaid and Non-Taglis products from IAK");
        products.MapGet("/pln/customers/{meterNumber}", Customer).WithName("InquirePlnCustomer")
            .WithSummary("Look up a prepaid meter at IAK: name, subscriber id, tariff and power");

        endpoints.MapGet("/" + IMasterProductsClient.Route, PrepaidForReplicas).RequireSidecar()
            .WithTags("Internal").WithName("ListPrepaidProductsForReplicas")
            .WithSummary("Every PLN token product, inactive ones included, for transaction-service's local copy");
        return endpoints;
    }

    public static async Task<Results<Ok<PagedList<PrepaidProduct>>, ProblemHttpResult>> Prepaid(bool? includeInactive, ProductCatalog catalog,
        MasterDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await catalog.GetPrepaidAsync(cancellationToken);
            // The owner's selling price beside IAK's: the counter shows what the sale will charge.
            var prices = await PriceBook.LoadAsync(db, cancellationToken);
            var items = answer.Items.Where(p => includeInactive == true || p.Active).Select(prices.Priced).ToList();
            MarkFreshness(response, answer.Stale, answer.FetchedAt);
            return TypedResults.Ok(new PagedList<PrepaidProduct>(items, items.Count, 1, Math.Max(1, items.Count)));
        }
        catch (ProviderUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Ok<List<PrepaidProductSnapshot>>, ProblemHttpResult>> PrepaidForReplicas(ProductCatalog catalog,
        MasterDbContext db, HttpResponse response, CancellationToken cancellationToken)
    {
        try
        {
            // Inactive products too: the copy must tell "not sold now" from "no such product".
            var answer = await catalog.GetPrepaidAsync(cancellationToken);
            MarkFreshness(response, answer.Stale, answer.FetchedAt);
            var prices = await PriceBook.LoadAsync(db, cancellationToken);
            return TypedResults.Ok(answer.Items.Select(p => new PrepaidProductSnapshot(p.Code, p.Description, p.Nominal, p.Price, p.Active,
                prices.SellingPrice(p.Code, p.Price))).ToList());
        }
        catch (ProviderUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Ok<PagedList<PostpaidProduct>>, ProblemHttpResult>> Postpaid(ProductCatalog catalog, HttpResponse response,
        CancellationToken cancellationToken)
    {
        try
        {
            var answer = await catalog.GetPostpaidAsync(cancellationToken);
            MarkFreshness(response, answer.Stale, answer.FetchedAt);
            return TypedResults.Ok(new PagedList<PostpaidProduct>(answer.Items, answer.Items.Count, 1, Math.Max(1, answer.Items.Count)));
        }
        catch (ProviderUnavailableException)
        {
            return Unavailable();
        }
    }

    public static async Task<Results<Ok<PlnCustomerResponse>, ValidationProblem, ProblemHttpResult>> Customer(string meterNumber, IIakClient iak,
        CancellationToken cancellationToken)
    {
        var validation = new RequestValidator().Digits(meterNumber, "meterNumber", 11, 12);
        if (!validation.IsValid) return validation.ToProblem();

        var result = await iak.InquirePlnCustomerAsync(meterNumber, cancellationToken);
        return result.Outcome switch
        {
            IakOutcome.Success => TypedResults.Ok(new PlnCustomerResponse(result.Value!.CustomerId, result.Value.MeterNo, result.Value.SubscriberId,
                result.Value.Name, result.Value.Tariff, result.Value.PowerVa)),
            IakOutcome.Failed when result.Code == "14" => ApiProblems.Problem(StatusCodes.Status404NotFound, "meter_not_found",
                $"Nomor meter {meterNumber} tidak terdaftar di PLN."),
            // IAK's own English text is for the logs; the cashier reads what to do, from the one map of IAK's codes.
            IakOutcome.Failed => ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, "inquiry_failed", IakMessages.ForPrepaid(result.Code)),
            _ => Unavailable(),
        };
    }

    private static void MarkFreshness(HttpResponse response, bool stale, DateTimeOffset fetchedAt)
    {
        response.Headers[CacheHeader] = stale ? "stale" : "fresh";
        response.Headers.LastModified = fetchedAt.ToString("R");
        if (stale)
        {
            response.Headers.Warning = "110 - \"Response is Stale\"";
        }
    }

    /// <summary>Why IAK could not be asked is logged where it happened; the caller reads only what to do.</summary>
    public static ProblemHttpResult Unavailable() =>
        ApiProblems.Problem(StatusCodes.Status503ServiceUnavailable, ProviderUnavailable, IakMessages.ProviderUnavailable);
}
