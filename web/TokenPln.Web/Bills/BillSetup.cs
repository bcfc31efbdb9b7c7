using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Bills;

/// <summary>The cashier's bill pages: their client of transaction-service and the product codes they pay.</summary>
public static class BillSetup
{
    /// <summary>A client name of its own: one name is one HttpClient pipeline (see <c>OwnerSetup</c>).</summary>
    public const string TransactionsClient = "transaction-service-bills";

    public static IServiceCollection AddBillPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IBillApi>(configuration, AppIds.TransactionService, TransactionsClient).AddHttpMessageHandler<AccessTokenHandler>();
        services.AddSingleton(new BillProducts(configuration["Iak:NonTaglisCode"] ?? BillProducts.DefaultNonTaglisCode));
        return services;
    }
}

/// <summary>
/// IAK's product codes of the two bills. Non-Taglis's code is configurable at IAK (as in transaction-service's
/// <c>Iak:NonTaglisCode</c>); the web app reads the same setting.
/// </summary>
public sealed record BillProducts(string NonTaglisCode)
{
    public const string PostpaidCode = "PLNPOSTPAID";
    public const string DefaultNonTaglisCode = "PLNNONTAG";

    public string CodeOf(BillKind kind) => kind == BillKind.Postpaid ? PostpaidCode : NonTaglisCode;
}
