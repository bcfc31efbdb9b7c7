using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;

namespace TokenPln.Web.Deposit;

public static class DepositSetup
{
    /// <summary>A client name of its own: one name is one HttpClient pipeline with one invocation handler.</summary>
    public const string ClientName = "transaction-service-deposit";

    public static IServiceCollection AddDepositPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IDepositApi>(configuration, AppIds.TransactionService, ClientName).AddHttpMessageHandler<AccessTokenHandler>();
        return services;
    }
}
