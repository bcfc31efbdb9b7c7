using Refit;

namespace TokenPln.Web.Deposit;

/// <summary>transaction-service's IAK deposit, through the web app's sidecar with the user's own token.</summary>
public interface IDepositApi
{
    /// <summary>Owner only: the last known balance, when it was read, and the low-balance threshold.</summary>
    [Get("/api/deposit")]
    Task<DepositInfo> GetAsync(CancellationToken cancellationToken);

    /// <summary>Any staff: whether the deposit is below the threshold, for the cashier's warning.</summary>
    [Get("/api/deposit/status")]
    Task<DepositStatus> GetStatusAsync(CancellationToken cancellationToken);

    [Put("/api/deposit/threshold")]
    Task<DepositInfo> SetThresholdAsync([Body] DepositThresholdRequest request, CancellationToken cancellationToken);

    /// <summary>Asks IAK's check-balance now.</summary>
    [Post("/api/deposit/checks")]
    Task<DepositInfo> CheckNowAsync(CancellationToken cancellationToken);
}

public sealed record DepositInfo(long? Balance, DateTimeOffset? ReadAt, string? Source, long? LowThreshold, bool Low,
    DateTimeOffset? ThresholdSetAt, string? ThresholdSetBy);

public sealed record DepositStatus(bool Low);

public sealed record DepositThresholdRequest(long? LowThreshold);
