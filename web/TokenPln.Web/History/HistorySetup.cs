using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.History;

/// <summary>The cashier's history, "Shift saya" and the receipt page: their service client.</summary>
public static class HistorySetup
{
    /// <summary>A client name of its own: a second Refit interface under the shared app id would stack a second invocation handler.</summary>
    public const string TransactionsClient = "transaction-service-history";

    public static IServiceCollection AddHistoryPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IHistoryApi>(configuration, AppIds.TransactionService, TransactionsClient)
            .AddHttpMessageHandler<AccessTokenHandler>();
        return services;
    }
}
