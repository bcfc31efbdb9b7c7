namespace TokenPln.TransactionService.Transactions;

/// <summary>
/// The audit trail: every status a sale went through, what moved it (sale, poll, callback, check, manual)
/// and, for a manual correction, who and why.
/// </summary>
public sealed class StatusChange
{
    public long Id { get; init; }
    public long TransactionId { get; init; }
    public required string Invoice { get; init; }
    public TransactionStatus? FromStatus { get; init; }
    public TransactionStatus ToStatus { get; init; }
    public required string Source { get; init; }
    public int? ChangedById { get; init; }
    public string? ChangedByName { get; init; }
    public string? Reason { get; init; }
    public DateTime At { get; init; }
}

public static class ChangeSources
{
    public const string Sale = "sale";
    public const string Payment = "payment";
    public const string Poll = "poll";
    public const string StatusCheck = "status-check";
    public const string Callback = "callback";
    public const string Manual = "manual";

    /// <summary>The owner's decision on a disputed sale, the only move from one final status to another.</summary>
    public const string DisputeResolution = "dispute";

    /// <summary>A reconciliation run flagged the sale disputed; its status stays as it was.</summary>
    public const string Reconciliation = "reconciliation";
}

/// <summary>IAK's final word on a sale as stored in <see cref="Transaction.IakStatus"/>.</summary>
public static class IakWords
{
    public const string Success = "success";
    public const string Failed = "failed";
    public const string NotFound = "not_found";
}
