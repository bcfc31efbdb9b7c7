using System.Globalization;
using TokenPln.LocalRunner.Template;

namespace TokenPln.LocalRunner.Resources;

/// <summary>
/// Everything in the resources folders that the runner honours. Anything it cannot honour is an error at
/// start: the runner never behaves differently from daprd without saying so.
/// </summary>
internal sealed class ResourceSet
{
    public List<PubSubComponent> PubSubs { get; } = [];
    public List<SecretStoreComponent> SecretStores { get; } = [];
    public List<HttpEndpointResource> HttpEndpoints { get; } = [];
    public List<DeclarativeSubscription> Subscriptions { get; } = [];
    public List<ResiliencySpec> Resiliencies { get; } = [];

    public static ResourceSet Load(IEnumerable<string> directories)
    {
        var set = new ResourceSet();
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory))
            {
                throw new RunnerConfigurationException($"Resources path '{directory}' does not exist.");
            }

            foreach (var file in Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".yaml") || f.EndsWith(".yml")).Order())
            {
                foreach (var document in YamlNode.LoadDocuments(file))
                {
                    set.Add(document, file);
                }
            }
        }

        var duplicate = set.PubSubs.Select(p => p.Name).Concat(set.SecretStores.Select(s => s.Name))
            .Concat(set.HttpEndpoints.Select(h => h.Name)).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new RunnerConfigurationException($"Resource name '{duplicate.Key}' is defined twice.");
        }

        return set;
    }

    /// <summary>
    /// Under <c>--random-ports</c>, an HTTPEndpoint that targets an app of the run on loopback follows that app to
    /// its new port, so the endpoint still reaches what the template meant.
    /// </summary>
    public ResourceSet WithLoopbackPortsMoved(IReadOnlyDictionary<int, int> moved)
    {
        for (var i = 0; i < HttpEndpoints.Count; i++)
        {
            var endpoint = HttpEndpoints[i];
            if (endpoint.BaseUrl.IsLoopback && moved.TryGetValue(endpoint.BaseUrl.Port, out var port))
            {
                HttpEndpoints[i] = endpoint with { BaseUrl = new UriBuilder(endpoint.BaseUrl) { Port = port }.Uri, MovedFromPort = endpoint.BaseUrl.Port };
            }
        }

        return this;
    }

    private void Add(YamlNode document, string file)
    {
        var kind = document["kind"].String;
        switch (kind)
        {
            case "Component":
                AddComponent(document, file);
                break;
            case "HTTPEndpoint":
                HttpEndpoints.Add(ParseHttpEndpoint(document, file));
                break;
            case "Subscription":
                Subscriptions.Add(ParseSubscription(document, file));
                break;
            case "Resiliency":
                Resiliencies.Add(ResiliencyParser.Parse(document, file));
                break;
            case "Configuration":
                // daprd reads configuration from --config (configFilePath), not from the resources path.
                break;
            default:
                throw new RunnerConfigurationException($"{document.Path}: kind '{kind}' is not supported by the local runner.");
        }
    }

    private void AddComponent(YamlNode document, string file)
    {
        document.OnlyKeys("apiVersion", "kind", "metadata", "spec", "scopes", "auth");
        var name = document["metadata"]["name"].RequiredString;
        var spec = document["spec"];
        spec.OnlyKeys("type", "version", "metadata", "initTimeout", "ignoreErrors");
        var type = spec["type"].RequiredString;
        var metadata = spec["metadata"].Items.ToDictionary(i => i["name"].RequiredString, i => i);
        var scopes = document["scopes"].StringList;

        string? Meta(string key) => metadata.TryGetValue(key, out var node) ? node["value"].String : null;

        switch (type)
        {
            case "pubsub.redis":
                // Served by the Redis at redisHost when it answers at start, otherwise by the in-process broker.
                var served = new[] { "redisHost", "redisPassword", "redisUsername", "enableTLS", "consumerID", "concurrency",
                    "processingTimeout", "redeliverInterval", "maxLenApprox", "queueDepth" };
                RejectUnknownMetadata(name, metadata.Keys, served);
                PubSubs.Add(new PubSubComponent(name, scopes, file, type,
                    Concurrency: int.TryParse(Meta("concurrency"), out var concurrency) ? concurrency : 10,
                    ProcessingTimeout: Meta("processingTimeout") is { } pt ? GoDuration.Parse(pt, $"{name}.processingTimeout") : TimeSpan.FromSeconds(15),
                    MaxLength: int.TryParse(Meta("maxLenApprox"), out var maxLength) ? maxLength : 100_000,
                    Redis: new RedisSettings(
                        Meta("redisHost") is { Length: > 0 } host ? host : "localhost:6379",
                        NullIfEmpty(Meta("redisUsername")), NullIfEmpty(Meta("redisPassword")),
                        string.Equals(Meta("enableTLS"), "true", StringComparison.OrdinalIgnoreCase),
                        Meta("redeliverInterval") is { } ri ? GoDuration.Parse(ri, $"{name}.redeliverInterval") : TimeSpan.FromSeconds(60),
                        int.TryParse(Meta("maxLenApprox"), out var maxLenApprox) && maxLenApprox > 0 ? maxLenApprox : null),
                    ConsumerId: NullIfEmpty(Meta("consumerID"))));
                break;
            case "secretstores.local.file":
                RejectUnknownMetadata(name, metadata.Keys, "secretsFile", "nestedSeparator", "multiValued");
                if (Meta("multiValued") is "true")
                {
                    throw new RunnerConfigurationException($"{name}: multiValued secret files are not supported by the local runner.");
                }

                SecretStores.Add(new SecretStoreComponent(name, scopes, file, type,
                    Meta("secretsFile") ?? throw new RunnerConfigurationException($"{name}: secretsFile is required."),
                    Meta("nestedSeparator") ?? ":"));
                break;
            case "secretstores.local.env":
                RejectUnknownMetadata(name, metadata.Keys);
                SecretStores.Add(new SecretStoreComponent(name, scopes, file, type, null, ":"));
                break;
            default:
                throw new RunnerConfigurationException(
                    $"{file}: component '{name}' of type '{type}' cannot be served by the local runner " +
                    "(supported: pubsub.redis, secretstores.local.file, secretstores.local.env).");
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void RejectUnknownMetadata(string component, IEnumerable<string> keys, params string[] supported)
    {
        var unknown = keys.Except(supported).ToList();
        if (unknown.Count > 0)
        {
            throw new RunnerConfigurationException($"Component '{component}': metadata {string.Join(", ", unknown)} not supported by the local runner.");
        }
    }

    private static HttpEndpointResource ParseHttpEndpoint(YamlNode document, string file)
    {
        document.OnlyKeys("apiVersion", "kind", "metadata", "spec", "scopes", "auth");
        var name = document["metadata"]["name"].RequiredString;
        var spec = document["spec"];
        spec.OnlyKeys("baseUrl", "headers");
        var baseUrl = spec["baseUrl"].RequiredString;
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            throw new RunnerConfigurationException($"{name}: baseUrl must start with http:// or https://.");
        }

        var headers = spec["headers"].Items.Select(h =>
        {
            h.OnlyKeys("name", "value", "secretKeyRef", "envRef");
            return new HeaderValue(h["name"].RequiredString, h["value"].String,
                h["secretKeyRef"]["name"].String, h["secretKeyRef"]["key"].String, h["envRef"].String);
        }).ToList();
        return new HttpEndpointResource(name, document["scopes"].StringList, file, uri, headers, document["auth"]["secretStore"].String);
    }

    private static DeclarativeSubscription ParseSubscription(YamlNode document, string file)
    {
        var name = document["metadata"]["name"].RequiredString;
        var spec = document["spec"];
        spec.OnlyKeys("pubsubname", "topic", "route", "routes", "deadLetterTopic", "metadata", "bulkSubscribe");
        if (spec["routes"]["rules"].Items.Any())
        {
            throw new RunnerConfigurationException($"{name}: routing rules (CEL match) are not supported by the local runner; use routes.default.");
        }

        if (spec["bulkSubscribe"]["enabled"].Bool == true)
        {
            throw new RunnerConfigurationException($"{name}: bulkSubscribe is not supported by the local runner.");
        }

        var route = spec["routes"]["default"].String ?? spec["route"].String
            ?? throw new RunnerConfigurationException($"{name}: a route (or routes.default) is required.");
        return new DeclarativeSubscription(name, document["scopes"].StringList, file,
            spec["pubsubname"].RequiredString, spec["topic"].RequiredString, route, spec["deadLetterTopic"].String,
            string.Equals(spec["metadata"]["rawPayload"].String, "true", StringComparison.OrdinalIgnoreCase));
    }

    public static TracingSettings LoadTracing(string? configFile)
    {
        if (configFile is null || !File.Exists(configFile))
        {
            return TracingSettings.Off;
        }

        var document = YamlNode.LoadDocuments(configFile).FirstOrDefault(d => d["kind"].String == "Configuration")
            ?? throw new RunnerConfigurationException($"{configFile}: no Configuration resource.");
        var spec = document["spec"];
        spec.OnlyKeys("tracing", "secrets");
        var tracing = spec["tracing"];
        tracing.OnlyKeys("samplingRate", "zipkin", "stdout");
        var rate = double.TryParse(tracing["samplingRate"].String ?? "0", NumberStyles.Float, CultureInfo.InvariantCulture, out var r) ? r : 0;
        var zipkin = tracing["zipkin"]["endpointAddress"].String;
        return new TracingSettings(rate, zipkin is null ? null : new Uri(zipkin), tracing["stdout"].Bool ?? false);
    }

    /// <summary>The Configuration's secret scopes by store name; none when there is no configuration file.</summary>
    public static IReadOnlyDictionary<string, SecretScope> LoadSecretScopes(string? configFile)
    {
        if (configFile is null || !File.Exists(configFile))
        {
            return new Dictionary<string, SecretScope>();
        }

        var document = YamlNode.LoadDocuments(configFile).FirstOrDefault(d => d["kind"].String == "Configuration")
            ?? throw new RunnerConfigurationException($"{configFile}: no Configuration resource.");
        var secrets = document["spec"]["secrets"];
        secrets.OnlyKeys("scopes");
        var scopes = new Dictionary<string, SecretScope>(StringComparer.Ordinal);
        foreach (var scope in secrets["scopes"].Items)
        {
            scope.OnlyKeys("storeName", "defaultAccess", "allowedSecrets", "deniedSecrets");
            var access = scope["defaultAccess"].String ?? "allow";
            if (!access.Equals("allow", StringComparison.OrdinalIgnoreCase) && !access.Equals("deny", StringComparison.OrdinalIgnoreCase))
            {
                throw new RunnerConfigurationException($"{scope["defaultAccess"].Path}: '{access}' is neither allow nor deny.");
            }

            var storeName = scope["storeName"].RequiredString;
            scopes[storeName] = new SecretScope(storeName, access.Equals("allow", StringComparison.OrdinalIgnoreCase),
                scope["allowedSecrets"].StringList.ToHashSet(StringComparer.Ordinal), scope["deniedSecrets"].StringList.ToHashSet(StringComparer.Ordinal));
        }

        return scopes;
    }
}
