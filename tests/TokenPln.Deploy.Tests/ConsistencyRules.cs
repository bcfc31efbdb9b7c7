using System.Text.Json.Nodes;

namespace TokenPln.Deploy.Tests;

/// <summary>What the local run already fixes: the apps and their ports (dapr.yaml), the Dapr resources (components/).</summary>
public sealed record LocalRun(IReadOnlyDictionary<string, int> AppPorts, IReadOnlyList<Manifest> Components)
{
    public static LocalRun Read(string repositoryRoot)
    {
        var template = Yaml.ReadDocuments(File.ReadAllText(Path.Combine(repositoryRoot, "dapr.yaml")), "dapr.yaml").Single();
        var ports = template["apps"]!.AsArray().OfType<JsonObject>()
            .ToDictionary(app => Workloads.Text(app["appID"])!, app => (int)(long)app["appPort"]!);
        var components = Directory.GetFiles(Path.Combine(repositoryRoot, "components"), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(file =>
            {
                var source = KustomizeRenderer.Relative(file, repositoryRoot);
                return Yaml.ReadDocuments(File.ReadAllText(file), source).Select(body => new Manifest(source, body));
            })
            .ToList();
        return new LocalRun(ports, components);
    }
}

/// <summary>
/// The rendered objects must agree with the local run and with each other: the app ids, ports and Dapr resource names
/// and scopes that the code and components/ use, and every reference between objects (Service to pods, PDB, HPA, Ingress).
/// </summary>
public static class ConsistencyRules
{
    /// <param name="complete">
    /// Whether this is all a cluster gets (an overlay): then every Dapr resource of components/ must be there and every
    /// resiliency target must exist. A part (base/, the migrations) is checked only for what it holds.
    /// </param>
    public static IReadOnlyList<string> Check(IReadOnlyList<Manifest> rendered, LocalRun local, bool complete = true)
    {
        var problems = new List<string>();
        CheckDaprApps(rendered, local, problems);
        CheckDaprResources(rendered, local, complete, problems);
        CheckReferences(rendered, problems);
        return problems;
    }

    private static void CheckDaprApps(IReadOnlyList<Manifest> rendered, LocalRun local, List<string> problems)
    {
        var configurations = Names(rendered, "Configuration");
        foreach (var workload in rendered)
        {
            var template = Workloads.PodTemplate(workload);
            if (Workloads.Annotation(template, "dapr.io/enabled") != "true")
            {
                continue;
            }

            var appId = Workloads.Annotation(template, "dapr.io/app-id");
            if (appId is null || !local.AppPorts.TryGetValue(appId, out var port))
            {
                problems.Add($"{workload.Id}: app id '{appId}' is not an app of dapr.yaml ({string.Join(", ", local.AppPorts.Keys)})");
                continue;
            }

            var appPort = Workloads.Annotation(template, "dapr.io/app-port");
            if (appPort != port.ToString())
            {
                problems.Add($"{workload.Id}: dapr.io/app-port {appPort} is not {appId}'s port {port} in dapr.yaml");
            }

            var containers = Workloads.Containers(workload).ToList();
            if (!containers.Any(c => c["ports"]?.AsArray().Any(p => Workloads.Text(p?["containerPort"]) == port.ToString()) == true))
            {
                problems.Add($"{workload.Id}: no container listens on {appId}'s port {port}");
            }

            foreach (var env in containers.SelectMany(c => c["env"]?.AsArray().OfType<JsonObject>() ?? []))
            {
                var (name, value) = (Workloads.Text(env["name"]), Workloads.Text(env["value"]));
                if ((name == "APP_PORT" && value != port.ToString()) || (name == "APP_ID" && value != appId))
                {
                    problems.Add($"{workload.Id}: {name}={value} does not match dapr.yaml ({appId} on {port})");
                }
            }

            var config = Workloads.Annotation(template, "dapr.io/config");
            if (config is null || !configurations.Contains(config))
            {
                problems.Add($"{workload.Id}: dapr.io/config '{config}' names no Configuration of this deployment");
            }

            foreach (var secret in new[] { "dapr.io/api-token-secret", "dapr.io/app-token-secret" })
            {
                if (string.IsNullOrWhiteSpace(Workloads.Annotation(template, secret)))
                {
                    problems.Add($"{workload.Id}: {secret} is missing (the services refuse to start without their tokens)");
                }
            }
        }
    }

    private static void CheckDaprResources(IReadOnlyList<Manifest> rendered, LocalRun local, bool complete, List<string> problems)
    {
        var appIds = local.AppPorts.Keys.ToHashSet();
        var dapr = rendered.Where(m => m.ApiVersion.StartsWith("dapr.io/", StringComparison.Ordinal)).ToList();
        foreach (var resource in dapr)
        {
            foreach (var scope in Scopes(resource).Where(s => !appIds.Contains(s)))
            {
                problems.Add($"{resource.Id}: scope '{scope}' is not an app of dapr.yaml");
            }

            // The production secret store replaces the local file stores under a name of its own; every other Dapr
            // resource is the one of components/ under the same name, kind and (for components) type.
            if (resource.Kind == "Component" && Type(resource).StartsWith("secretstores.", StringComparison.Ordinal))
            {
                continue;
            }

            var counterpart = local.Components.FirstOrDefault(c => c.Kind == resource.Kind && c.Name == resource.Name);
            if (counterpart is null)
            {
                problems.Add($"{resource.Id}: no {resource.Kind} named '{resource.Name}' in components/ " +
                    $"({string.Join(", ", local.Components.Where(c => c.Kind == resource.Kind).Select(c => c.Name))})");
                continue;
            }

            if (resource.Kind == "Component" && Type(resource) != Type(counterpart))
            {
                problems.Add($"{resource.Id}: type {Type(resource)} where components/ has {Type(counterpart)}");
            }

            if (!Scopes(resource).Order().SequenceEqual(Scopes(counterpart).Order()) && Scopes(counterpart).Count > 0)
            {
                problems.Add($"{resource.Id}: scopes [{string.Join(", ", Scopes(resource))}] differ from components/ [{string.Join(", ", Scopes(counterpart))}]");
            }
        }

        foreach (var expected in local.Components.Where(c => !(c.Kind == "Component" && Type(c).StartsWith("secretstores.", StringComparison.Ordinal))))
        {
            if (complete && !dapr.Any(r => r.Kind == expected.Kind && r.Name == expected.Name))
            {
                problems.Add($"{expected.Kind} '{expected.Name}' of {expected.Source} is missing from the deployment");
            }
        }

        var endpoints = Names(rendered, "HTTPEndpoint");
        var components = Names(rendered, "Component");
        foreach (var resiliency in dapr.Where(r => r.Kind == "Resiliency"))
        {
            foreach (var target in (resiliency.Body["spec"]?["targets"]?["apps"] as JsonObject ?? []).Select(t => t.Key))
            {
                if (complete && !appIds.Contains(target) && !endpoints.Contains(target))
                {
                    problems.Add($"{resiliency.Id}: target app '{target}' is neither an app of dapr.yaml nor an HTTPEndpoint");
                }
            }

            foreach (var target in (resiliency.Body["spec"]?["targets"]?["components"] as JsonObject ?? []).Select(t => t.Key))
            {
                if (!components.Contains(target))
                {
                    problems.Add($"{resiliency.Id}: target component '{target}' is not a Component of this deployment");
                }
            }
        }

        foreach (var component in dapr.Where(r => r.Kind == "Component"))
        {
            var store = Workloads.Text(component.Body["auth"]?["secretStore"]);
            var usesSecrets = component.Body["spec"]?["metadata"]?.AsArray().Any(m => m?["secretKeyRef"] is not null) == true;
            if (usesSecrets && (store is null || !components.Contains(store)))
            {
                problems.Add($"{component.Id}: reads secrets but auth.secretStore '{store}' is not a Component of this deployment");
            }
        }
    }

    private static void CheckReferences(IReadOnlyList<Manifest> rendered, List<string> problems)
    {
        var workloads = rendered.Where(m => Workloads.PodTemplate(m) is not null && m.Kind != "Job").ToList();
        foreach (var service in rendered.Where(m => m.Kind == "Service"))
        {
            var selector = service.Body["spec"]?["selector"] as JsonObject ?? [];
            var pods = workloads.Where(w => Selects(selector, Workloads.PodTemplate(w)!["metadata"]?["labels"] as JsonObject)).ToList();
            if (selector.Count == 0 || pods.Count == 0)
            {
                problems.Add($"{service.Id}: its selector matches no workload of this deployment");
                continue;
            }

            foreach (var port in service.Body["spec"]?["ports"]?.AsArray().OfType<JsonObject>() ?? [])
            {
                var target = Workloads.Text(port["targetPort"] ?? port["port"]);
                var served = pods.SelectMany(Workloads.Containers).SelectMany(c => c["ports"]?.AsArray().OfType<JsonObject>() ?? [])
                    .Any(p => Workloads.Text(p["name"]) == target || Workloads.Text(p["containerPort"]) == target);
                if (!served)
                {
                    problems.Add($"{service.Id}: targetPort {target} is no port of its pods");
                }
            }
        }

        foreach (var budget in rendered.Where(m => m.Kind == "PodDisruptionBudget"))
        {
            var selector = budget.Body["spec"]?["selector"]?["matchLabels"] as JsonObject ?? [];
            if (!workloads.Any(w => Selects(selector, Workloads.PodTemplate(w)!["metadata"]?["labels"] as JsonObject)))
            {
                problems.Add($"{budget.Id}: its selector matches no workload of this deployment");
            }
        }

        foreach (var autoscaler in rendered.Where(m => m.Kind == "HorizontalPodAutoscaler"))
        {
            var target = autoscaler.Body["spec"]?["scaleTargetRef"];
            if (!workloads.Any(w => w.Kind == Workloads.Text(target?["kind"]) && w.Name == Workloads.Text(target?["name"])))
            {
                problems.Add($"{autoscaler.Id}: scales {Workloads.Text(target?["kind"])}/{Workloads.Text(target?["name"])}, which this deployment does not have");
            }
        }

        var services = rendered.Where(m => m.Kind == "Service").ToDictionary(s => s.Name);
        foreach (var ingress in rendered.Where(m => m.Kind == "Ingress"))
        {
            var backends = ingress.Body["spec"]?["rules"]?.AsArray()
                .SelectMany(rule => rule?["http"]?["paths"]?.AsArray() ?? [])
                .Select(path => path?["backend"]?["service"]) ?? [];
            foreach (var backend in backends)
            {
                var name = Workloads.Text(backend?["name"]) ?? "";
                var port = Workloads.Text(backend?["port"]?["name"] ?? backend?["port"]?["number"]);
                if (!services.TryGetValue(name, out var service)
                    || service.Body["spec"]?["ports"]?.AsArray().Any(p => Workloads.Text(p?["name"]) == port || Workloads.Text(p?["port"]) == port) != true)
                {
                    problems.Add($"{ingress.Id}: backend {name}:{port} is no Service port of this deployment");
                }
            }
        }
    }

    private static bool Selects(JsonObject selector, JsonObject? labels) =>
        labels is not null && selector.All(pair => Workloads.Text(labels[pair.Key]) == Workloads.Text(pair.Value));

    private static HashSet<string> Names(IEnumerable<Manifest> manifests, string kind) =>
        manifests.Where(m => m.Kind == kind && m.ApiVersion.StartsWith("dapr.io/", StringComparison.Ordinal)).Select(m => m.Name).ToHashSet();

    private static string Type(Manifest component) => Workloads.Text(component.Body["spec"]?["type"]) ?? "";

    private static List<string> Scopes(Manifest resource) =>
        // Not a list is the schema check's to report.
        (resource.Body["scopes"] as JsonArray)?.Select(Workloads.Text).OfType<string>().ToList() ?? [];
}
