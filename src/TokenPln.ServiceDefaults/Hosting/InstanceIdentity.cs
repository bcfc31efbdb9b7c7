using Microsoft.Extensions.Configuration;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// Which instance of a service this process is, among the replicas that share its database: the holder of a lease and the
/// claimer of outbox rows. The local runner sets <c>Instance__Id=&lt;app-id&gt;-&lt;n&gt;</c>, Kubernetes the pod's name; without
/// either, the machine name and process id tell instances apart.
/// </summary>
public static class InstanceIdentity
{
    public const string ConfigurationKey = "Instance:Id";

    public static string Of(IConfiguration configuration) =>
        configuration[ConfigurationKey] is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";
}
