using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// Dapr's circuit breaker for one calling sidecar and one target: trips after N consecutive failures,
/// stays open for <c>timeout</c>, then lets <c>maxRequests</c> probes through (half-open).
/// </summary>
internal sealed class CircuitBreaker(CircuitBreakerPolicy policy, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openedAt;
    private int _halfOpenInFlight;

    public bool TryEnter()
    {
        lock (_gate)
        {
            if (_openedAt is null) return true;
            if (clock.GetUtcNow() - _openedAt < policy.Timeout) return false;
            if (_halfOpenInFlight >= policy.MaxRequests) return false;
            _halfOpenInFlight++;
            return true;
        }
    }

    /// <summary>
    /// An attempt whose caller went away before the target answered tells nothing about the target. It must still give back
    /// its half-open slot: a probe that never reports would otherwise keep the breaker open for the rest of the run.
    /// </summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (_openedAt is not null) _halfOpenInFlight = Math.Max(0, _halfOpenInFlight - 1);
        }
    }

    public void Record(bool success)
    {
        lock (_gate)
        {
            var wasHalfOpen = _openedAt is not null;
            if (wasHalfOpen) _halfOpenInFlight = Math.Max(0, _halfOpenInFlight - 1);
            if (success)
            {
                _consecutiveFailures = 0;
                _openedAt = null;
                return;
            }

            _consecutiveFailures++;
            if (wasHalfOpen || _consecutiveFailures >= policy.TripAfterConsecutiveFailures)
            {
                _openedAt = clock.GetUtcNow();
            }
        }
    }
}
