using TokenPln.TransactionService.StatusChecks;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

public static class SalesSetup
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddSingleton<StatusCheckSchedule>();
        services.AddScoped<SaleRecorder>();
        services.AddScoped<PrepaidSales>();
        services.AddScoped<PostpaidSales>();
        services.AddScoped<StatusChecker>();
        services.AddHostedService<StatusCheckPoller>();
        return services;
    }
}
