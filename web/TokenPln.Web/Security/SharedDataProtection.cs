using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace TokenPln.Web.Security;

/// <summary>
/// One Data Protection key ring for every web-app instance. What the web app protects with it: the sign-in cookie
/// (<c>__TokenPln</c>, which carries the cashier's JWT), the antiforgery cookie and form tokens (sign-in, sign-out), and
/// Blazor's prerendered component markers that the circuit reads back. Behind a load balancer with a key ring per pod,
/// any of these written by one pod is unreadable on another: a cashier whose pod dies is signed out, and a form
/// rendered by one pod is refused by the next. Sticky sessions stay needed all the same: a Blazor Server circuit lives
/// in one pod's memory, and a shared key ring only lets the browser start a new circuit elsewhere without signing in again.
/// </summary>
public static partial class SharedDataProtection
{
    /// <summary>Same name on every instance: the key ring's purposes derive from it, not from each pod's content root.</summary>
    public const string ApplicationName = "tokenpln-web";

    /// <summary>The Redis list that holds the key ring.</summary>
    public const string RedisKey = "tokenpln-web:data-protection-keys";

    /// <summary>
    /// <c>DataProtection:Redis</c> (a StackExchange.Redis configuration string; a secret, so from the environment or the
    /// Dapr secret store) shares the key ring through Redis; otherwise <c>DataProtection:KeysDirectory</c> through a shared
    /// directory; otherwise the keys stay where ASP.NET Core keeps them on this machine, and the start says so.
    /// </summary>
    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        var redis = configuration["DataProtection:Redis"];
        var directory = configuration["DataProtection:KeysDirectory"];
        KeyStore store;
        if (!string.IsNullOrWhiteSpace(redis))
        {
            var options = ConfigurationOptions.Parse(redis);
            // A Redis that is down at start must not keep the pod from starting: the connection retries in the background,
            // and the key ring is read on first use.
            options.AbortOnConnectFail = false;
            // Made by the container (not handed to it), so that the container disposes it, and the connection, with the host.
            services.AddSingleton(_ => new DataProtectionRedis(options));
            services.AddOptions<KeyManagementOptions>().Configure<DataProtectionRedis>((keys, connection) =>
                keys.XmlRepository = new RedisXmlRepository(connection.Database, RedisKey));
            store = new KeyStore("Redis", string.Join(",", options.EndPoints.Select(e => e.ToString())));
        }
        else if (!string.IsNullOrWhiteSpace(directory))
        {
            protection.PersistKeysToFileSystem(new DirectoryInfo(directory));
            store = new KeyStore("KeysDirectory", directory);
        }
        else
        {
            store = new KeyStore(null, null);
        }

        services.AddSingleton(store);
        services.AddHostedService<KeyStoreReport>();
        return services;
    }

    internal sealed record KeyStore(string? Kind, string? Where);

    /// <summary>The connection is opened on first use (the first protect or unprotect) and closed with the host.</summary>
    internal sealed class DataProtectionRedis(ConfigurationOptions options) : IDisposable
    {
        private readonly Lazy<ConnectionMultiplexer> _connection = new(() => ConnectionMultiplexer.Connect(options));

        public IDatabase Database() => _connection.Value.GetDatabase();

        public void Dispose()
        {
            if (_connection.IsValueCreated) _connection.Value.Dispose();
        }
    }

    private sealed partial class KeyStoreReport(KeyStore store, IHostEnvironment environment, ILogger<KeyStoreReport> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (store.Kind is not null)
            {
                // The address only: a Redis configuration string carries the password.
                SharedKeys(store.Kind, store.Where);
            }
            else if (!environment.IsDevelopment())
            {
                // The replica count is not knowable from inside, so every start outside Development says it.
                PerInstanceKeys();
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(Level = LogLevel.Information, Message = "Data Protection keys are shared through {KeyStore} at {KeyStoreAddress}")]
        private partial void SharedKeys(string keyStore, string? keyStoreAddress);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection keys are per instance: with more than one web-app instance, " +
            "a sign-in cookie or form written by one is refused by another. Set DataProtection:Redis or DataProtection:KeysDirectory")]
        private partial void PerInstanceKeys();
    }
}
