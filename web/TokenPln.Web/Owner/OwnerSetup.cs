using TokenPln.Contracts;
using TokenPln.ServiceClients;
using TokenPln.Web.Auth;
using TokenPln.Web.Owner.Api;
using TokenPln.Web.Owner.Export;

namespace TokenPln.Web.Owner;

/// <summary>The owner's pages: their service clients, and the CSV download (the live dashboard's events are TokenPln.Web.Live's).</summary>
public static class OwnerSetup
{
    /// <summary>
    /// Client names of their own: a name is one HttpClient pipeline, and registering a second Refit interface under the
    /// shared app id would stack a second invocation handler onto the first client.
    /// </summary>
    public const string TransactionsClient = "transaction-service-owner";
    public const string StaffClient = "user-service-owner";
    public const string ShiftsClient = "master-service-owner";

    public static IServiceCollection AddOwnerPages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDaprServiceClient<IOwnerTransactionsApi>(configuration, AppIds.TransactionService, TransactionsClient)
            .AddHttpMessageHandler<AccessTokenHandler>();
        services.AddDaprServiceClient<IOwnerStaffApi>(configuration, AppIds.UserService, StaffClient).AddHttpMessageHandler<AccessTokenHandler>();
        services.AddDaprServiceClient<IOwnerShiftsApi>(configuration, AppIds.MasterService, ShiftsClient).AddHttpMessageHandler<AccessTokenHandler>();
        services.AddScoped<OwnerLookups>();
        return services;
    }

    public static IEndpointRouteBuilder MapOwnerPages(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(TransactionExportProxy.Route, (HttpContext http, IHttpClientFactory clients, ILoggerFactory loggers) =>
                TransactionExportProxy.ProxyAsync(http, clients.CreateClient(TransactionsClient), loggers.CreateLogger("TokenPln.Web.Export")))
            .RequireAuthorization(policy => policy.RequireRole(WebRoles.Owner))
            .ExcludeFromDescription();
        return endpoints;
    }
}
