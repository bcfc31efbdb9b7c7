namespace TokenPln.Iak;

public enum IakOutcome
{
    /// <summary>IAK confirmed the operation.</summary>
    Success,

    /// <summary>Accepted but not final (PROCESS, 39, undefined codes): resolve by status check or callback.</summary>
    Pending,

    /// <summary>IAK answered a final refusal; <see cref="IakResult{T}.Code"/> and message say why.</summary>
    Failed,

    /// <summary>No usable answer (outage, timeout, 5xx, malformed body): the outcome of a sale is unknown.</summary>
    ProviderError,
}

/// <summary>What one IAK call came to. <see cref="Value"/> holds IAK's answer whenever it could be read.</summary>
public sealed record IakResult<T>(IakOutcome Outcome, T? Value, string? Code, string Message)
{
    public bool IsSuccess => Outcome == IakOutcome.Success;

    /// <summary>
    /// A provider error where the request certainly never reached IAK (see <see cref="IakDelivery"/>): nothing was sold,
    /// so a new sale may be failed at once instead of waiting for an answer that cannot come.
    /// </summary>
    public bool NeverSent { get; init; }

    public static IakResult<T> ProviderError(string message) => new(IakOutcome.ProviderError, default, null, message);

    public static IakResult<T> NotSent(string message) => new(IakOutcome.ProviderError, default, null, message) { NeverSent = true };
}
