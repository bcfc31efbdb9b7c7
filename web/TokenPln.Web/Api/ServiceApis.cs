using Refit;

namespace TokenPln.Web.Api;

/// <summary>user-service, through the sidecar. Shapes as in user-service's LoginApi and UsersApi.</summary>
public interface IUserApi
{
    [Post("/api/auth/login")]
    Task<LoginResult> LoginAsync([Body] LoginRequest request, CancellationToken cancellationToken = default);

    [Post("/api/auth/logout")]
    Task LogoutAsync(CancellationToken cancellationToken = default);

    [Get("/api/users/me")]
    Task<StaffMember> GetMeAsync(CancellationToken cancellationToken = default);
}

/// <summary>master-service, through the sidecar: the IAK catalogue and meter lookups.</summary>
public interface IMasterApi
{
    [Get("/api/products/prepaid")]
    Task<PagedList<PrepaidProduct>> GetPrepaidProductsAsync(CancellationToken cancellationToken = default);

    [Get("/api/pln/customers/{meterNumber}")]
    Task<PlnCustomer> GetPlnCustomerAsync(string meterNumber, CancellationToken cancellationToken = default);
}

/// <summary>transaction-service, through the sidecar: sales and their history.</summary>
public interface ITransactionApi
{
    /// <summary>201 when final, 202 while IAK is still processing; the same key always answers the first sale.</summary>
    [Post("/api/transactions/prepaid")]
    Task<TransactionInfo> SellTokenAsync([Body] PrepaidSaleRequest request, [Header("Idempotency-Key")] string idempotencyKey,
        CancellationToken cancellationToken = default);

    [Get("/api/transactions")]
    Task<PagedList<TransactionInfo>> ListAsync([Query] TransactionQuery query, CancellationToken cancellationToken = default);

    [Get("/api/transactions/{invoice}")]
    Task<TransactionInfo> GetAsync(string invoice, CancellationToken cancellationToken = default);
}
