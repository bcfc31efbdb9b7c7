using System.Collections.Concurrent;

namespace TokenPln.IakSandbox.Prepaid;

internal sealed class PrepaidTransaction
{
    public required string RefId { get; init; }
    public required long TrId { get; init; }
    public required string CustomerId { get; init; }
    public required string ProductCode { get; init; }
    public required long Price { get; set; }
    public required long Nominal { get; init; }
    public required DateOnly Day { get; init; }
    public int Status { get; set; }
    public string Rc { get; set; } = "39";
    public string Message { get; set; } = "PROCESS";
    public string? Sn { get; set; }
    public long BalanceAfter { get; set; }
    public bool Debited { get; set; }
    public DateTimeOffset CreatedAt { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? SettledAt { get; set; }
    public int TopUpRequests { get; set; } = 1;
}

internal sealed record LedgerEntry(DateTimeOffset At, string Reference, string Kind, long Amount, long BalanceAfter);

/// <summary>Every prepaid transaction by ref_id and every movement of the deposit, for tests to check against.</summary>
internal sealed class PrepaidLedger
{
    private long _nextTrId = 3482;

    public ConcurrentDictionary<string, PrepaidTransaction> Transactions { get; } = new(StringComparer.Ordinal);
    public ConcurrentQueue<LedgerEntry> Movements { get; } = new();

    /// <summary>
    /// Every check-status asked, by ref_id (known or not): how often a provider is asked about a sale is what replicas of a
    /// poller could multiply, and IAK's own limits would punish.
    /// </summary>
    public ConcurrentDictionary<string, int> StatusChecks { get; } = new(StringComparer.Ordinal);

    public void CountStatusCheck(string refId) => StatusChecks.AddOrUpdate(refId, 1, (_, count) => count + 1);

    public long NextTrId() => Interlocked.Increment(ref _nextTrId);

    public void Record(string reference, string kind, long amount, long balanceAfter) =>
        Movements.Enqueue(new LedgerEntry(DateTimeOffset.UtcNow, reference, kind, amount, balanceAfter));
}
