using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace TokenPln.BuildingBlocks.Resilience;

/// <summary>
/// One pipeline per named client, kept for the life of the app so that circuit-breaker state survives
/// <c>IHttpClientFactory</c> handler rotation.
/// </summary>
public sealed class HttpResiliencePipelines(IOptionsMonitor<ClientResilienceOptions> options, ILoggerFactory loggerFactory)
{
    internal static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("TokenPln.Request");

    private readonly ResiliencePipelineRegistry<string> _registry = new();

    public ResiliencePipeline<HttpResponseMessage> Get(string clientName) =>
        _registry.GetOrAddPipeline<HttpResponseMessage>(clientName, builder => Build(builder, clientName, options.Get(clientName)));

    private void Build(ResiliencePipelineBuilder<HttpResponseMessage> builder, string clientName, ClientResilienceOptions settings)
    {
        var logger = loggerFactory.CreateLogger($"TokenPln.Resilience.{clientName}");
        builder.AddTimeout(settings.TotalTimeout);
        if (settings.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxRetryAttempts,
                Delay = settings.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Context.Properties.TryGetValue(RequestKey, out var request)
                    && request.IsIdempotent()
                    && IsTransient(args.Outcome)),
                OnRetry = args =>
                {
                    logger.LogWarning(
                        "Retrying call of {Client} (attempt {Attempt}) after {Outcome}",
                        clientName, args.AttemptNumber + 1, Describe(args.Outcome));
                    args.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
        {
            FailureRatio = settings.CircuitBreakerFailureRatio,
            MinimumThroughput = settings.CircuitBreakerMinimumThroughput,
            SamplingDuration = settings.CircuitBreakerSamplingDuration,
            BreakDuration = settings.CircuitBreakerBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
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
        builder.AddTimeout(settings.AttemptTimeout);
    }

    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Exception: not null } => false,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout
            or HttpStatusCode.TooManyRequests
            or HttpStatusCode.InternalServerError
            or HttpStatusCode.BadGateway
            or HttpStatusCode.ServiceUnavailable
            or HttpStatusCode.GatewayTimeout,
        _ => false,
    };

    private static string Describe(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception?.GetType().Name ?? $"HTTP {(int?)outcome.Result?.StatusCode}";
}
