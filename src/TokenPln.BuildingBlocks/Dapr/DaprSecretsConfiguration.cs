using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;

namespace TokenPln.BuildingBlocks.Dapr;

/// <summary>
/// Loads every secret of the configured Dapr secret store into configuration at start-up. Secret names are
/// configuration keys (<c>Jwt:SigningKey</c>), so a secret overrides the setting of the same name and
/// nothing else needs to know where a value came from.
/// </summary>
public static class DaprSecretsConfiguration
{
    public static async Task AddDaprSecretStoreAsync(this IConfigurationManager configuration, TimeSpan waitForSidecar, CancellationToken cancellationToken = default)
    {
        var options = DaprOptions.FromConfiguration(configuration);
        if (options.SecretStores.Count == 0)
        {
            return;
        }

        using var http = new HttpClient { BaseAddress = options.SidecarBaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        if (options.ApiToken is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation(DaprInvocationHandler.ApiTokenHeader, options.ApiToken);
        }

        await WaitForSidecarAsync(http, waitForSidecar, cancellationToken);
        foreach (var store in options.SecretStores)
        {
            using var response = await http.GetAsync($"v1.0/secrets/{Uri.EscapeDataString(store)}/bulk", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException(
                    $"Secret store '{store}' answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var secrets = await response.Content.ReadFromJsonAsync<Dictionary<string, Dictionary<string, string>>>(cancellationToken) ?? [];
            configuration.AddInMemoryCollection(secrets.SelectMany(s => s.Value).Select(kv => new KeyValuePair<string, string?>(kv.Key, kv.Value)));
        }
    }

    /// <summary>Polls <c>/v1.0/healthz/outbound</c>, as the SDK's <c>WaitForSidecarAsync</c> does.</summary>
    private static async Task WaitForSidecarAsync(HttpClient http, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        string lastProblem;
        do
        {
            try
            {
                using var response = await http.GetAsync("v1.0/healthz/outbound", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                lastProblem = $"HTTP {(int)response.StatusCode}";
            }
            catch (HttpRequestException ex)
            {
                lastProblem = ex.Message;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
        while (DateTime.UtcNow < deadline);

        throw new InvalidOperationException($"Dapr sidecar at {http.BaseAddress} was not ready within {timeout}: {lastProblem}");
    }
}
