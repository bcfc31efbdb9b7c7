using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// Every value in the development secret files (<c>components/*.development.json</c>) carries
/// <see cref="Marker"/>, and a service outside Development refuses to start while any configuration value carries it:
/// a production that picked up the development signing key or IAK key by mistake stops at once instead of issuing
/// tokens anyone with the repository could forge.
/// </summary>
public static class DevelopmentSecrets
{
    public const string Marker = "DEVELOPMENT-ONLY";

    public static void RefuseOutsideDevelopment(IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        var keys = configuration.AsEnumerable()
            .Where(setting => setting.Value?.Contains(Marker, StringComparison.OrdinalIgnoreCase) == true)
            .Select(setting => setting.Key)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (keys.Count > 0)
        {
            // The keys only: the values are secrets, even development ones, and start-up errors end up in logs.
            throw new InvalidOperationException(
                $"Development-only values ({Marker}) are configured in the '{environment.EnvironmentName}' environment for: " +
                $"{string.Join(", ", keys)}. Give this environment its own secrets (a real secret store or environment variables).");
        }
    }
}
