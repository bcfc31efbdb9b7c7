
namespace TokenPln.TransactionService.Reconciliation;

public static class ReconciliationSetup
{
    /// <summary>Reconciliation with IAK: the run, the daily schedule, and the record of callbacks for ref_ids we do not know.</summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services)
    {
        services.AddScoped<Reconciler>();
        services.AddScoped<UnknownCallbacks>();
        services.AddSingleton<ReconciliationSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<ReconciliationSchedule>());
        return services;
    }
}
