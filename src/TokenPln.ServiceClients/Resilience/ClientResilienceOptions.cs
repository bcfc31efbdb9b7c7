namespace TokenPln.ServiceClients.Resilience;

/// <summary>
/// Resilience settings for one typed client (see <see cref="ClientResilience"/>), bound from <c>Resilience:&lt;client name&gt;</c>. Retries apply only to
/// idempotent requests (see <see cref="IdempotentRequest"/>); timeouts and the circuit breaker apply to all.
/// </summary>
public sealed class ClientResilienceOptions
{
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public int MaxRetryAttempts { get; set; } = 3;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
