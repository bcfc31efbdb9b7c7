using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Sidecar;

namespace TokenPln.LocalRunner.Tests;

public sealed class CircuitBreakerTests
{
    private static readonly CircuitBreakerPolicy Policy = new(MaxRequests: 1, Interval: TimeSpan.FromSeconds(30),
        Timeout: TimeSpan.FromSeconds(10), TripAfterConsecutiveFailures: 2);

    [Fact]
    public void A_half_open_probe_whose_caller_went_away_lets_the_next_probe_through()
    {
        var clock = new ManualClock();
        var breaker = OpenBreaker(clock);
        clock.Advance(Policy.Timeout);

        breaker.TryEnter().ShouldBeTrue();
        breaker.Abandon();

        breaker.TryEnter().ShouldBeTrue();
        breaker.Record(success: true);
        breaker.TryEnter().ShouldBeTrue();
    }

    [Fact]
    public void Only_max_requests_probes_pass_while_half_open()
    {
        var clock = new ManualClock();
        var breaker = OpenBreaker(clock);

        breaker.TryEnter().ShouldBeFalse();
        clock.Advance(Policy.Timeout);
        breaker.TryEnter().ShouldBeTrue();
        breaker.TryEnter().ShouldBeFalse();
    }

    [Fact]
    public void A_failed_probe_opens_the_breaker_again_for_its_timeout()
    {
        var clock = new ManualClock();
        var breaker = OpenBreaker(clock);
        clock.Advance(Policy.Timeout);

        breaker.TryEnter().ShouldBeTrue();
        breaker.Record(success: false);

        breaker.TryEnter().ShouldBeFalse();
        clock.Advance(Policy.Timeout);
        breaker.TryEnter().ShouldBeTrue();
    }

    private static CircuitBreaker OpenBreaker(ManualClock clock)
    {
        var breaker = new CircuitBreaker(Policy, clock);
        for (var failure = 0; failure < Policy.TripAfterConsecutiveFailures; failure++)
        {
            breaker.TryEnter().ShouldBeTrue();
            breaker.Record(success: false);
        }

        return breaker;
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 30, 5, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
