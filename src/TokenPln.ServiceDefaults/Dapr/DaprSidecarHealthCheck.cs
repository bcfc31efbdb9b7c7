using Dapr.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenPln.ServiceDefaults.Dapr;

/// <summary>
/// Ready when the sidecar's outbound API answers. Outbound rather than <c>CheckHealthAsync</c> (<c>/v1.0/healthz</c>),
/// which waits for this app and would make the two wait on each other.
/// </summary>
public sealed class DaprSidecarHealthCheck(DaprClient dapr) : IHealthCheck
{
    private static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // The SDK's client has no timeout of its own: a sidecar that accepts and never answers must not hang /health.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerWithin);
        try
        {
            return await dapr.CheckOutboundHealthAsync(timeout.Token)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("Sidecar is unreachable or not ready.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Sidecar did not answer within {AnswerWithin.TotalSeconds:0} s.");
        }
    }
}
