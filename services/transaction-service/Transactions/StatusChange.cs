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
}
