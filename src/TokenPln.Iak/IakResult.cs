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

    public static IakResult<T> ProviderError(string message) => new(IakOutcome.ProviderError, default, null, message);
}
