using TokenPln.ServiceDefaults.Leases;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.Deposit;

public static class DepositSetup
{
    public static IServiceCollection AddDeposit(this IServiceCollection services)
    {
        services.AddDatabaseLeases<TransactionDbContext>();
        services.AddSingleton<DepositBook>();
        services.AddHostedService<DepositCheckPoller>();
        return services;
    }
}
