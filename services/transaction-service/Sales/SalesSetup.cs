namespace TokenPln.TransactionService.Sales;

public static class SalesSetup
{
    public static IServiceCollection AddSales(this IServiceCollection services)
    {
        services.AddSingleton<StatusCheckSchedule>();
        services.AddScoped<SaleWriter>();
        services.AddScoped<PrepaidSales>();
        services.AddScoped<PostpaidSales>();
        services.AddScoped<TokenPln.ServiceDefaults.Http.IPurchaseCounter, PurchaseWindowCounter>();
        return services;
    }
}
