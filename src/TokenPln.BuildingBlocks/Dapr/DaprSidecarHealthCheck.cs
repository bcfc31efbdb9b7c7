using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TokenPln.BuildingBlocks.Dapr;

/// <summary>
/// Ready when the sidecar's outbound API answers. Uses <c>/v1.0/healthz/outbound</c> rather than
/// <c>/v1.0/healthz</c>, which waits for this app and would make the two wait on each other.
/// </summary>
public sealed class DaprSidecarHealthCheck(IHttpClientFactory httpClientFactory) : IHealthCheck
{
    public const string ClientName = "dapr-sidecar-health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await httpClientFactory.CreateClient(ClientName).GetAsync("v1.0/healthz/outbound", cancellationToken);
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Sidecar answered {(int)response.StatusCode}.");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy("Sidecar unreachable.", ex);
        }
    }
}
