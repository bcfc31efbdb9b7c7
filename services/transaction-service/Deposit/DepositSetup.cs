
namespace TokenPln.TransactionService.Deposit;

public static class DepositSetup
{
    public static IServiceCollection AddDeposit(this IServiceCollection services)
    {
        services.AddSingleton<DepositBook>();
        services.AddHostedService<DepositCheckPoller>();
        return services;
    }
}
