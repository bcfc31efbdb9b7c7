using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Reconciliation;

public static class ReconciliationSetup
{
    /// <summary>A client name of its own: one name is one HttpClient pipeline (see OwnerSetup).</summary>
    public const string Client = "transaction-service-reconciliation";

    public static IServiceCollection AddReconciliationPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IReconciliationApi>(configuration, AppIds.TransactionService, Client).AddHttpMessageHandler<AccessTokenHandler>();
        return services;
    }
}
