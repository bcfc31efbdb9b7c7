using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace TokenPln.ServiceClients.Resilience;

public static class ClientResilience
{
    /// <summary>
    /// The app's resilience for one client, configured under <c>Resilience:&lt;clientName&gt;</c>: a total timeout, retries of
    /// idempotent requests only (<see cref="IdempotentRequest"/>), a circuit breaker and a per-attempt timeout. The sidecar's
    /// resiliency policy has no retries for invocation, so this is the one retry owner of the hop.
    /// </summary>
    public static IHttpResiliencePipelineBuilder AddClientResilience(this IHttpClientBuilder builder, IConfiguration configuration, string clientName)
    {
        builder.Services.AddOptions<ClientResilienceOptions>(clientName).Bind(configuration.GetSection($"Resilience:{clientName}"));
        return builder.AddResilienceHandler(clientName, (pipeline, context) =>
        {
            context.EnableReloads<ClientResilienceOptions>(clientName);
            var settings = context.GetOptions<ClientResilienceOptions>(clientName);
            var logger = context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger($"TokenPln.Resilience.{clientName}");

            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "total", Timeout = settings.TotalTimeout });
            if (settings.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = settings.MaxRetryAttempts,
                    Delay = settings.RetryBaseDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    // A Retry-After from IAK or a sidecar must not stretch a cashier's wait beyond our own backoff.
                    ShouldRetryAfterHeader = false,
                    ShouldHandle = args => ValueTask.FromResult(
                        args.Context.GetRequestMessage() is { } request && request.IsIdempotent() && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    OnRetry = args =>
                    {
                        logger.LogWarning("Retrying call of {Client} (attempt {Attempt}) after {Outcome}",
                            clientName, args.AttemptNumber + 1, Describe(args.Outcome));
                        return ValueTask.CompletedTask;
                    },
                });
            }

            pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
            {
                FailureRatio = settings.CircuitBreakerFailureRatio,
                MinimumThroughput = settings.CircuitBreakerMinimumThroughput,
                SamplingDuration = settings.CircuitBreakerSamplingDuration,
                BreakDuration = settings.CircuitBreakerBreakDuration,
                OnOpened = args =>
                {
                    logger.LogError("Circuit to {Client} opened for {BreakDuration} after {Outcome}", clientName, args.BreakDuration, Describe(args.Outcome));
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    logger.LogInformation("Circuit to {Client} closed", clientName);
                    return ValueTask.CompletedTask;
                },
            });
            pipeline.AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = settings.AttemptTimeout });
        });
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}";
}
