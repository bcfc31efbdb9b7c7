using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Drawers;

/// <summary>The cashier's and the owner's "Laci kas" pages: their service client.</summary>
public static class DrawerSetup
{
    /// <summary>A client name of its own: one name is one HttpClient pipeline with one invocation handler.</summary>
    public const string ClientName = "transaction-service-drawers";

    public static IServiceCollection AddDrawerPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IDrawerApi>(configuration, AppIds.TransactionService, ClientName).AddHttpMessageHandler<AccessTokenHandler>();
        return services;
    }
}
