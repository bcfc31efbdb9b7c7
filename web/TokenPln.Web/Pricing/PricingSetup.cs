using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Pricing;

public static class PricingSetup
{
    /// <summary>Client names of their own: one name is one HttpClient pipeline with one invocation handler.</summary>
    public const string PricesClient = "master-service-prices";
    public const string MarginClient = "transaction-service-margin";

    public static IServiceCollection AddPricingPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IPricesApi>(configuration, AppIds.MasterService, PricesClient).AddHttpMessageHandler<AccessTokenHandler>();
        services.AddDaprServiceClient<IMarginApi>(configuration, AppIds.TransactionService, MarginClient).AddHttpMessageHandler<AccessTokenHandler>();
        return services;
    }
}
