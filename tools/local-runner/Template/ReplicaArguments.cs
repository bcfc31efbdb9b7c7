namespace TokenPln.LocalRunner.Template;

/// <summary><c>--replicas &lt;app-id&gt;=&lt;n&gt;</c>, repeatable: how many instances of an app the run starts (1 when unnamed).</summary>
public static class ReplicaArguments
{
    /// <summary>The most instances of one app: each is a process with its sidecar on a machine shared with the others.</summary>
    public const int Max = 16;

    public static IReadOnlyDictionary<string, int> Parse(IEnumerable<string> arguments)
    {
        var replicas = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=');
            if (separator <= 0 || !int.TryParse(argument[(separator + 1)..], System.Globalization.NumberStyles.None,
                    System.Globalization.CultureInfo.InvariantCulture, out var count))
            {
                throw new RunnerConfigurationException($"--replicas expects <app-id>=<n>, got '{argument}'.");
            }

            if (count is < 1 or > Max)
            {
                throw new RunnerConfigurationException($"--replicas {argument}: the count must be between 1 and {Max}.");
            }

            var appId = argument[..separator];
            if (!replicas.TryAdd(appId, count))
            {
                throw new RunnerConfigurationException($"--replicas names {appId} twice.");
            }
        }

        return replicas;
    }

    /// <summary>Checks the named apps against the template (as <c>--app</c> does): a misspelt app id is an error, not one instance.</summary>
    public static void Validate(IReadOnlyDictionary<string, int> replicas, RunTemplate template)
    {
        var unknown = replicas.Keys.Except(template.Apps.Select(a => a.AppId)).ToList();
        if (unknown.Count > 0)
        {
            throw new RunnerConfigurationException($"--replicas {string.Join(", ", unknown)}: not in the template (or not started with --app).");
        }
    }
}
