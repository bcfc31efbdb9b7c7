using System.Text.RegularExpressions;
using TokenPln.LocalRunner.Template;

namespace TokenPln.LocalRunner.Resources;

internal static partial class ResiliencyParser
{
    public static ResiliencySpec Parse(YamlNode document, string file)
    {
        var name = document["metadata"]["name"].RequiredString;
        var spec = document["spec"];
        spec.OnlyKeys("policies", "targets");
        var policies = spec["policies"];
        policies.OnlyKeys("timeouts", "retries", "circuitBreakers");

        var timeouts = policies["timeouts"].Keys.ToDictionary(k => k, k => policies["timeouts"][k].Duration!.Value);
        var retries = policies["retries"].Keys.ToDictionary(k => k, k => ParseRetry(policies["retries"][k]));
        var breakers = policies["circuitBreakers"].Keys.ToDictionary(k => k, k => ParseBreaker(policies["circuitBreakers"][k]));

        TargetPolicy Target(YamlNode node)
        {
            node.OnlyKeys("timeout", "retry", "circuitBreaker");
            T? Lookup<T>(string key, Dictionary<string, T> table) where T : class =>
                node[key].String is { } policyName
                    ? table.TryGetValue(policyName, out var policy) ? policy : throw new RunnerConfigurationException($"{node.Path}: unknown {key} policy '{policyName}'.")
                    : null;
            TimeSpan? timeout = node["timeout"].String is { } t
                ? timeouts.TryGetValue(t, out var named) ? named : GoDuration.Parse(t, node.Path)
                : null;
            return new TargetPolicy(timeout, Lookup("retry", retries), node["circuitBreaker"].String, Lookup("circuitBreaker", breakers));
        }

        var targets = spec["targets"];
        targets.OnlyKeys("apps", "components");
        var apps = targets["apps"].Keys.ToDictionary(k => k, k => Target(targets["apps"][k]));
        var inbound = new Dictionary<string, TargetPolicy>();
        var outbound = new Dictionary<string, TargetPolicy>();
        foreach (var component in targets["components"].Keys)
        {
            var node = targets["components"][component];
            node.OnlyKeys("inbound", "outbound");
            if (node["inbound"].Exists) inbound[component] = Target(node["inbound"]);
            if (node["outbound"].Exists) outbound[component] = Target(node["outbound"]);
        }

        return new ResiliencySpec(name, document["scopes"].StringList, file, apps, inbound, outbound);
    }

    private static RetryPolicy ParseRetry(YamlNode node)
    {
        node.OnlyKeys("policy", "duration", "maxInterval", "maxRetries", "matching");
        node["matching"].OnlyKeys("httpStatusCodes", "gRPCStatusCodes");
        var exponential = (node["policy"].String ?? "constant") switch
        {
            "constant" => false,
            "exponential" => true,
            var other => throw new RunnerConfigurationException($"{node.Path}: retry policy '{other}' is unknown."),
        };
        return new RetryPolicy(exponential,
            node["duration"].Duration ?? TimeSpan.FromSeconds(5),
            node["maxInterval"].Duration ?? TimeSpan.FromSeconds(60),
            node["maxRetries"].Int ?? -1,
            node["matching"]["httpStatusCodes"].String is { } codes ? ParseStatusCodes(codes, node.Path) : null);
    }

    private static HashSet<int> ParseStatusCodes(string text, string path)
    {
        var codes = new HashSet<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-');
            if (!int.TryParse(bounds[0], out var low) || !int.TryParse(bounds[^1], out var high) || bounds.Length > 2)
            {
                throw new RunnerConfigurationException($"{path}: '{part}' is not a status code or range.");
            }

            for (var code = low; code <= high; code++) codes.Add(code);
        }

        return codes;
    }

    private static CircuitBreakerPolicy ParseBreaker(YamlNode node)
    {
        node.OnlyKeys("maxRequests", "interval", "timeout", "trip");
        var trip = node["trip"].String ?? "consecutiveFailures > 5";
        var match = TripExpression().Match(trip);
        if (!match.Success)
        {
            throw new RunnerConfigurationException(
                $"{node.Path}: trip '{trip}' is not supported by the local runner (only 'consecutiveFailures >= N' or '> N').");
        }

        var threshold = int.Parse(match.Groups["n"].Value) + (match.Groups["op"].Value == ">" ? 1 : 0);
        return new CircuitBreakerPolicy(node["maxRequests"].Int ?? 1, node["interval"].Duration ?? TimeSpan.Zero,
            node["timeout"].Duration ?? TimeSpan.FromSeconds(60), threshold);
    }

    [GeneratedRegex(@"^\s*consecutiveFailures\s*(?<op>>=|>)\s*(?<n>\d+)\s*$")]
    private static partial Regex TripExpression();
}
