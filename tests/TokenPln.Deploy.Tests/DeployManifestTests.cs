using System.Text.Json.Nodes;

namespace TokenPln.Deploy.Tests;

/// <summary>deploy/ as an operator applies it: rendered offline, every object checked against its schema and the local run.</summary>
public sealed class DeployManifestTests
{
    private static readonly string[] Services = ["user-service", "master-service", "transaction-service"];
    private static readonly string[] Apps = [.. Services, "web-app"];

    public static TheoryData<string> Kustomizations() => [.. Deploy.Kustomizations];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Every_object_matches_its_schema_and_the_app_ids_ports_and_components_of_the_local_run(string kustomization)
    {
        var rendered = Deploy.Render(kustomization);

        rendered.ShouldNotBeEmpty();
        Deploy.Problems(rendered, Deploy.IsComplete(kustomization)).ShouldBeEmpty();
    }

    [Fact]
    public void The_checked_kustomizations_are_every_kustomization_under_deploy()
    {
        var found = Directory.GetFiles(Path.Combine(Deploy.RepositoryRoot, "deploy"), "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => KustomizeRenderer.Relative(Path.GetDirectoryName(file)!, Deploy.RepositoryRoot));

        found.Order().ShouldBe(Deploy.Kustomizations.Order());
    }

    [Fact]
    public void Production_runs_the_four_apps_and_not_the_sandbox_which_only_staging_adds()
    {
        DaprAppIds(Deploy.Render("deploy/overlays/production")).Order().ShouldBe(Apps.Order());
        DaprAppIds(Deploy.Render("deploy/overlays/staging")).Order().ShouldBe(Apps.Append("iak-sandbox").Order());
        Deploy.Single(Deploy.Render("deploy/overlays/production"), "HTTPEndpoint", "iak-prepaid").Body["spec"]!["baseUrl"]!
            .GetValue<string>().ShouldBe("https://prepaid.iak.id");
    }

    [Fact]
    public void Every_app_has_two_or_more_replicas_probes_resources_a_non_root_context_its_instance_id_and_a_disruption_budget()
    {
        var rendered = Deploy.Render("deploy/overlays/production");

        foreach (var app in Apps)
        {
            var deployment = Deploy.Single(rendered, "Deployment", app);
            var pod = Workloads.PodTemplate(deployment)!["spec"]!;
            var container = Workloads.Containers(deployment).Single();
            Workloads.Text(container["readinessProbe"]?["httpGet"]?["path"]).ShouldBe("/health", app);
            Workloads.Text(container["livenessProbe"]?["httpGet"]?["path"]).ShouldBe("/alive", app);
            foreach (var bound in new[] { "requests", "limits" })
            {
                foreach (var resource in new[] { "cpu", "memory" })
                {
                    container["resources"]?[bound]?[resource].ShouldNotBeNull($"{app} {bound}.{resource}");
                }
            }

            pod["securityContext"]?["runAsNonRoot"]?.GetValue<bool>().ShouldBe(true, app);
            container["securityContext"]?["allowPrivilegeEscalation"]?.GetValue<bool>().ShouldBe(false, app);
            Env(container, "Instance__Id")?["valueFrom"]?["fieldRef"]?["fieldPath"]?.GetValue<string>().ShouldBe("metadata.name", app);
            Workloads.Annotation(Workloads.PodTemplate(deployment), "dapr.io/api-token-secret").ShouldNotBeNullOrWhiteSpace(app);
            Deploy.Single(rendered, "PodDisruptionBudget", app);
            Deploy.Single(rendered, "Service", app);
        }

        var autoscaled = rendered.Where(m => m.Kind == "HorizontalPodAutoscaler").ToList();
        autoscaled.Select(m => m.Name).Order().ShouldBe(["transaction-service", "web-app"]);
        foreach (var app in Apps)
        {
            var autoscaler = autoscaled.SingleOrDefault(a => Workloads.Text(a.Body["spec"]!["scaleTargetRef"]!["name"]) == app);
            var replicas = Deploy.Single(rendered, "Deployment", app).Body["spec"]!["replicas"];
            if (autoscaler is null)
            {
                replicas!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2, app);
            }
            else
            {
                // A replicas field would reset the autoscaler's count on every apply.
                replicas.ShouldBeNull(app);
                autoscaler.Body["spec"]!["minReplicas"]!.GetValue<long>().ShouldBeGreaterThanOrEqualTo(2, app);
            }
        }

        var ingress = Deploy.Single(rendered, "Ingress", "web-app");
        ingress.Body["spec"]!["rules"]![0]!["http"]!["paths"]!.AsArray()
            .Single(p => Workloads.Text(p!["path"]) == "/")!["backend"]!["service"]!["name"]!.GetValue<string>().ShouldBe("web-app");
    }

    [Theory]
    [InlineData("deploy/overlays/production")]
    [InlineData("deploy/overlays/staging")]
    public void The_web_app_pods_share_one_data_protection_key_ring_from_a_secret_and_keep_cookie_affinity_for_their_circuits(string overlay)
    {
        var rendered = Deploy.Render(overlay);
        var container = Workloads.Containers(Deploy.Single(rendered, "Deployment", "web-app")).Single();

        var redis = container["env"]!.AsArray().OfType<JsonObject>().SingleOrDefault(v => Workloads.Text(v["name"]) == "DataProtection__Redis");
        redis.ShouldNotBeNull("without it every pod has a key ring of its own: a cashier whose pod dies is signed out");
        // A configuration string carries the Redis password: never a literal in the manifest.
        redis["value"].ShouldBeNull();
        Workloads.Text(redis["valueFrom"]?["secretKeyRef"]?["name"]).ShouldBe("tokenpln-web-data-protection");
        Workloads.Text(redis["valueFrom"]?["secretKeyRef"]?["key"]).ShouldBe("redis");
        // Shared keys let a browser start a new circuit on another pod; a live circuit still cannot move.
        var ingress = Deploy.Single(rendered, "Ingress", "web-app");
        Workloads.Text(ingress.Body["metadata"]?["annotations"]?["nginx.ingress.kubernetes.io/affinity"]).ShouldBe("cookie");
    }

    [Fact]
    public void The_migration_jobs_run_each_services_migrate_command_on_its_postgresql_database_with_the_overlays_images()
    {
        foreach (var overlay in new[] { "production", "staging" })
        {
            var jobs = Deploy.Render($"deploy/overlays/{overlay}/migrations");
            var apps = Deploy.Render($"deploy/overlays/{overlay}");

            jobs.Select(j => j.Kind).Distinct().ShouldBe(["Job"]);
            foreach (var service in Services)
            {
                var job = Deploy.Single(jobs, "Job", $"{service}-migrate");
                var container = Workloads.Containers(job).Single();
                container["args"]!.AsArray().Select(Workloads.Text).ShouldBe(["migrate"]);
                Workloads.Text(Env(container, "Database__Provider")?["value"]).ShouldBe("Postgres");
                Env(container, $"ConnectionStrings__{service}")?["valueFrom"]?["secretKeyRef"].ShouldNotBeNull(service);
                Env(container, "APP_API_TOKEN")?["valueFrom"]?["secretKeyRef"].ShouldNotBeNull(service);
                Workloads.Text(container["image"]).ShouldBe(Workloads.Text(Workloads.Containers(Deploy.Single(apps, "Deployment", service)).Single()["image"]));
                Workloads.Annotation(Workloads.PodTemplate(job), "dapr.io/enabled").ShouldBeNull("migrating needs no sidecar");
            }
        }
    }

    [Fact]
    public void Every_image_an_overlay_runs_names_a_registry_and_a_version()
    {
        foreach (var kustomization in Deploy.Kustomizations.Where(k => k.StartsWith("deploy/overlays/", StringComparison.Ordinal)))
        {
            foreach (var image in Deploy.Render(kustomization).SelectMany(Workloads.Containers).Select(c => Workloads.Text(c["image"])!))
            {
                var (name, tag) = KustomizeRenderer.SplitTag(image);
                name.Split('/').Length.ShouldBeGreaterThan(2, image);
                tag.ShouldNotBeNullOrEmpty(image);
                tag.ShouldNotBe(":latest", image);
            }
        }
    }

    [Fact]
    public void Deploy_holds_no_secret_values_and_the_readme_tells_the_operator_how_to_create_every_secret_it_references()
    {
        var rendered = Deploy.Kustomizations.SelectMany(Deploy.Render).ToList();
        var readme = File.ReadAllText(Path.Combine(Deploy.RepositoryRoot, "README.md"));

        rendered.ShouldNotContain(m => m.Kind == "Secret");
        var section = readme[readme.IndexOf("## Running on Kubernetes", StringComparison.Ordinal)..];
        foreach (var (secret, key) in SecretReferences(rendered).Distinct())
        {
            section.ShouldContain($"create secret generic {secret} ", customMessage: $"README: how to create {secret}");
            section.ShouldContain($"--from-literal={key}=", customMessage: $"README: key {key} of {secret}");
        }
    }

    [Fact]
    public void The_resiliency_policies_are_the_ones_of_the_local_run()
    {
        var deployed = Deploy.Single(Deploy.Render("deploy/overlays/production"), "Resiliency", "tokenpln-resiliency");
        var local = Deploy.Local.Components.Single(c => c.Kind == "Resiliency");

        JsonNode.DeepEquals(deployed.Body["spec"], local.Body["spec"]).ShouldBeTrue();
    }

    private static IEnumerable<string> DaprAppIds(IEnumerable<Manifest> rendered) =>
        rendered.Select(Workloads.PodTemplate).Where(t => Workloads.Annotation(t, "dapr.io/enabled") == "true")
            .Select(t => Workloads.Annotation(t, "dapr.io/app-id")!);

    private static JsonObject? Env(JsonObject container, string name) =>
        container["env"]?.AsArray().OfType<JsonObject>().SingleOrDefault(e => Workloads.Text(e["name"]) == name);

    private static IEnumerable<(string Secret, string Key)> SecretReferences(IEnumerable<Manifest> rendered)
    {
        foreach (var manifest in rendered)
        {
            var template = Workloads.PodTemplate(manifest);
            foreach (var annotation in new[] { "dapr.io/api-token-secret", "dapr.io/app-token-secret" })
            {
                // The sidecar injector reads the key "token" of the named Secret.
                if (Workloads.Annotation(template, annotation) is { } name) yield return (name, "token");
            }

            foreach (var reference in Descendants(manifest.Body).OfType<JsonObject>().Select(o => o["secretKeyRef"]).OfType<JsonObject>())
            {
                yield return (Workloads.Text(reference["name"])!, Workloads.Text(reference["key"])!);
            }
        }
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            foreach (var descendant in Descendants(child)) yield return descendant;
        }
    }
}
