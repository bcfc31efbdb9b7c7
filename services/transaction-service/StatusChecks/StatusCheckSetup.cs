
namespace TokenPln.TransactionService.StatusChecks;

public static class StatusCheckSetup
{
    /// <summary>The checks of sales that did not settle at once: the poller that finds them due and the checker that asks IAK.</summary>
    public static IServiceCollection AddStatusChecks(this IServiceCollection services)
    {
        services.AddScoped<StatusChecker>();
        services.AddHostedService<StatusCheckPoller>();
        return services;
    }
}
