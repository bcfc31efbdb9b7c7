using System.Text.Json.Nodes;

namespace TokenPln.Deploy.Tests;

/// <summary>The checks refuse what the API server, the sidecar injector or the running system would: each case breaks one thing.</summary>
public sealed class BrokenManifestTests
{
    private static readonly List<Manifest> Production = Deploy.Render("deploy/overlays/production");

    [Fact]
    public void The_unbroken_production_overlay_has_no_problems()
    {
        Deploy.Problems(Production).ShouldBeEmpty();
    }

    [Fact]
    public void An_unknown_field_in_a_Kubernetes_object_is_refused()
    {
        var broken = Deploy.With(Production, "Deployment", "transaction-service",
            d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["readinesProbe"] = new JsonObject { ["periodSeconds"] = 10 });

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("readinesProbe");
    }

    [Fact]
    public void A_quoted_number_where_Kubernetes_wants_an_integer_is_refused()
    {
        var broken = Deploy.With(Production, "Deployment", "user-service", d => d["spec"]!["replicas"] = "2");

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("/spec/replicas");
    }

    [Fact]
    public void A_number_where_Kubernetes_wants_a_string_is_refused()
    {
        var broken = Deploy.With(Production, "Deployment", "web-app",
            d => d["spec"]!["template"]!["metadata"]!["annotations"]!["dapr.io/graceful-shutdown-seconds"] = 20);

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("dapr.io/graceful-shutdown-seconds");
    }

    [Fact]
    public void A_kind_that_no_API_has_is_refused()
    {
        var broken = Deploy.With(Production, "PodDisruptionBudget", "web-app", b => b["kind"] = "PodDisruptionBudgets");

        Deploy.Problems(broken).ShouldContain(p => p.Contains("PodDisruptionBudgets is not a Kubernetes API kind"));
    }

    [Fact]
    public void An_unknown_field_in_a_Dapr_component_is_refused()
    {
        var broken = Deploy.With(Production, "Component", "pubsub", c => c["spec"]!["versions"] = "v1");

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("pubsub");
    }

    [Fact]
    public void A_wrong_type_in_a_Dapr_resource_is_refused()
    {
        var broken = Deploy.With(Production, "HTTPEndpoint", "iak-prepaid", e => e["scopes"] = "transaction-service");

        Deploy.Problems(broken).ShouldContain(p => p.Contains("HTTPEndpoint/iak-prepaid") && p.Contains("/scopes"));
    }

    [Fact]
    public void An_app_id_that_dapr_yaml_does_not_have_is_refused()
    {
        var broken = Deploy.With(Production, "Deployment", "master-service",
            d => d["spec"]!["template"]!["metadata"]!["annotations"]!["dapr.io/app-id"] = "master");

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("app id 'master' is not an app of dapr.yaml");
    }

    [Fact]
    public void An_app_port_other_than_the_one_in_dapr_yaml_is_refused()
    {
        var broken = Deploy.With(Production, "Deployment", "user-service",
            d => d["spec"]!["template"]!["metadata"]!["annotations"]!["dapr.io/app-port"] = "8080");

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("dapr.io/app-port 8080 is not user-service's port 5101");
    }

    [Fact]
    public void A_component_name_that_components_does_not_have_is_refused()
    {
        var broken = Deploy.With(Production, "Component", "pubsub", c => c["metadata"]!["name"] = "redis-pubsub");

        var problems = Deploy.Problems(broken);

        problems.ShouldContain(p => p.Contains("no Component named 'redis-pubsub' in components/"));
        problems.ShouldContain(p => p.Contains("Component 'pubsub' of components/pubsub.yaml is missing"));
        problems.ShouldContain(p => p.Contains("target component 'pubsub' is not a Component"));
    }

    [Fact]
    public void A_scope_that_differs_from_components_is_refused()
    {
        var broken = Deploy.With(Production, "HTTPEndpoint", "iak-postpaid", e => e["scopes"]!.AsArray().Add("user-service"));

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("differ from components/");
    }

    [Fact]
    public void A_service_whose_target_port_no_pod_has_is_refused()
    {
        var broken = Deploy.With(Production, "Service", "web-app", s => s["spec"]!["ports"]![0]!["targetPort"] = "web");

        Deploy.Problems(broken).ShouldHaveSingleItem().ShouldContain("targetPort web is no port of its pods");
    }

    [Fact]
    public void A_kustomization_feature_the_offline_renderer_does_not_reproduce_is_refused()
    {
        var directory = Directory.CreateTempSubdirectory("tokenpln-kustomize");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "kustomization.yaml"),
                "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\nnamePrefix: prod-\n");

            Should.Throw<InvalidDataException>(() => KustomizeRenderer.Render(directory.FullName, directory.FullName))
                .Message.ShouldContain("uses namePrefix");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Yaml_is_read_with_the_types_the_API_server_gives_it()
    {
        var document = Yaml.ReadDocuments("a: \"5101\"\nb: 5101\nc: true\nd: 'true'\ne: 0.5\nf: ~\ng: 10m\n", "test").Single();

        document["a"]!.GetValue<string>().ShouldBe("5101");
        document["b"]!.GetValue<long>().ShouldBe(5101);
        document["c"]!.GetValue<bool>().ShouldBeTrue();
        document["d"]!.GetValue<string>().ShouldBe("true");
        document["e"]!.GetValue<double>().ShouldBe(0.5);
        document["f"].ShouldBeNull();
        document["g"]!.GetValue<string>().ShouldBe("10m");
    }
}
