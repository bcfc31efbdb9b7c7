using Refit;
using TokenPln.Web.Api;

namespace TokenPln.Web.Reconciliation;

/// <summary>transaction-service's reconciliation with IAK (owner only), through the web app's sidecar with the owner's own token.</summary>
public interface IReconciliationApi
{
    [Get("/api/reconciliation/runs")]
    Task<PagedList<ReconciliationRun>> ListAsync(int? page, int? pageSize, CancellationToken cancellationToken);

    [Get("/api/reconciliation/runs/{id}")]
    Task<ReconciliationRun> GetAsync(long id, CancellationToken cancellationToken);

    [Post("/api/reconciliation/runs")]
    Task<ReconciliationRun> RunAsync([Body] ReconciliationRequest request, CancellationToken cancellationToken);

    /// <summary>The owner's audited decision on a disputed sale (one a run flagged, or any other): its final status and why.</summary>
    [Post("/api/transactions/{invoice}/dispute-resolution")]
    Task ResolveDisputeAsync(string invoice, [Body] DisputeDecisionRequest decision, CancellationToken cancellationToken);
}

public sealed record DisputeDecisionRequest(string Status, string Reason);

public sealed record ReconciliationRequest(string Day);

public sealed record ReconciliationFinding(string? Invoice, string RefId, string Kind, bool Disagreement, string? Ours, string? Iak, string? Note)
{
    /// <summary>What the owner reads for each kind of finding.</summary>
    public string KindText => Kind switch
    {
        "status_differs" => "Status berbeda",
        "token_differs" => "Token berbeda",
        "price_differs" => "Harga berbeda",
        "unknown_ref_id" => "Ref ID tidak dikenal",
        "still_pending" => "Masih menunggu",
        "error" => "IAK tidak dapat ditanya",
        _ => Kind,
    };
}

public sealed record ReconciliationRun(
    long Id, DateOnly Day, string Trigger, string? RequestedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool Running, int Checked,
    int Agreed, int Disagreed, int StillPending, int UnknownRefIds, int Errors, string? Failure, IReadOnlyList<ReconciliationFinding>? Findings)
{
    public string TriggerText => Trigger == "owner" ? $"Pemilik{(RequestedBy is { } by ? $" ({by})" : "")}" : "Terjadwal";
}
