using Dapr;
using Dapr.Client;
using Grpc.Core;
using Microsoft.Extensions.Configuration;
using TokenPln.ServiceClients;

namespace TokenPln.ServiceDefaults.Dapr;

/// <summary>
/// Loads every secret of the configured Dapr secret stores (<c>Dapr:SecretStore</c>, comma-separated) into configuration
/// at start-up, through <see cref="DaprClient.GetBulkSecretAsync"/>. Secret names are configuration keys
/// (<c>Jwt:SigningKey</c>), so a secret overrides the setting of the same name and nothing else needs to know where a
/// value came from. Our own because <c>Dapr.Extensions.Configuration</c> is not available here.
/// </summary>
public sealed class DaprSecretStoreConfigurationSource : IConfigurationSource
{
    public required IReadOnlyList<string> Stores { get; init; }

    /// <summary>How long to wait for the sidecar's outbound API before giving up on starting.</summary>
    public required TimeSpan WaitForSidecar { get; init; }

    /// <summary>Makes the client the secrets are read with; it is disposed once they are loaded.</summary>
    public required Func<DaprClient> CreateClient { get; init; }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new DaprSecretStoreConfigurationProvider(this);
}

public sealed class DaprSecretStoreConfigurationProvider(DaprSecretStoreConfigurationSource source) : ConfigurationProvider
{
    // Configuration providers load synchronously; this runs once, before the host starts, on a thread with no
    // synchronization context, so blocking on the client's calls cannot deadlock.
    public override void Load() => Data = LoadAsync().GetAwaiter().GetResult();

    private async Task<Dictionary<string, string?>> LoadAsync()
    {
        using var dapr = source.CreateClient();
        await WaitForSidecarAsync(dapr);

        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var store in source.Stores)
        {
            Dictionary<string, Dictionary<string, string>> secrets;
            try
            {
                secrets = await dapr.GetBulkSecretAsync(store);
            }
            catch (DaprException ex) when (ex.InnerException is RpcException rpc)
            {
                // The sidecar's message names the store and the reason, never a secret's value.
                throw new InvalidOperationException($"Secret store '{store}' answered {rpc.StatusCode}: {rpc.Status.Detail}", ex);
            }

            foreach (var (key, value) in secrets.SelectMany(secret => secret.Value))
            {
                data[key] = value;
            }
        }

        return data;
    }

    private async Task WaitForSidecarAsync(DaprClient dapr)
    {
        using var deadline = new CancellationTokenSource(source.WaitForSidecar);
        try
        {
            await dapr.WaitForSidecarAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException(
                $"The Dapr sidecar was not ready within {source.WaitForSidecar}, so the secret stores {string.Join(", ", source.Stores)} could not be read.");
        }
    }
}

public static class DaprSecretStoreConfiguration
{
    /// <summary>Adds the secret stores named in <c>Dapr:SecretStore</c>, if any, read through this app's sidecar.</summary>
    public static IConfigurationBuilder AddDaprSecretStores(this IConfigurationManager configuration, TimeSpan waitForSidecar)
    {
        var options = DaprOptions.FromConfiguration(configuration);
        return options.SecretStores.Count == 0
            ? configuration
            : configuration.Add(new DaprSecretStoreConfigurationSource
            {
                Stores = options.SecretStores,
                WaitForSidecar = waitForSidecar,
                CreateClient = () => new DaprClientBuilder().UseSidecar(options).Build(),
            });
    }
}
