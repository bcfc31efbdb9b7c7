using Refit;
using TokenPln.Web.Api;

namespace TokenPln.Web.Owner.Api;

/// <summary>The owner-only reads and corrections on transaction-service, through the web app's sidecar with the user's own token.</summary>
public interface IOwnerTransactionsApi
{
    public const string ExportRoute = "api/transactions/export.csv";

    [Get("/api/transactions/{invoice}")]
    Task<OwnerTransaction> GetAsync(string invoice, CancellationToken cancellationToken);

    [Post("/api/transactions/{invoice}/status-checks")]
    Task<OwnerTransaction> CheckStatusAsync(string invoice, CancellationToken cancellationToken);

    [Put("/api/transactions/{invoice}/status")]
    Task<OwnerTransaction> CorrectStatusAsync(string invoice, [Body] StatusCorrectionRequest correction, CancellationToken cancellationToken);

    [Get("/api/dashboard")]
    Task<DashboardAnswer> DashboardAsync([Query] TransactionQuery query, CancellationToken cancellationToken);
}
