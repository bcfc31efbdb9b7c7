using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Template;

namespace TokenPln.LocalRunner.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private static readonly string RepositoryRoot = FindRepositoryRoot();

    private readonly string _scratch = Directory.CreateTempSubdirectory("runner-config").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    /// <summary>A new empty folder inside this test's scratch folder, which goes when the test ends.</summary>
    private string NewDirectory() => Directory.CreateDirectory(Path.Combine(_scratch, Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public void The_repository_template_and_components_load_without_anything_the_runner_cannot_honour()
    {
        var template = RunTemplate.Load(Path.Combine(RepositoryRoot, "dapr.yaml"));

        template.Apps.Select(a => (a.AppId, a.AppPort, a.DaprHttpPort, a.DaprGrpcPort)).ShouldBe(
        [
            ("user-service", 5101, 3501, 50101),
            ("master-service", 5102, 3502, 50102),
            ("transaction-service", 5103, 3503, 50103),
            ("iak-sandbox", 5199, 3599, 50199),
            ("web-app", 5100, 3500, 50100),
        ], ignoreOrder: true);
        var resources = ResourceSet.Load(template.Apps[0].ResourcesPaths);
        resources.PubSubs.Select(p => p.Name).ShouldBe(["pubsub", "pubsub-per-instance"], ignoreOrder: true);
        resources.SecretStores.Select(s => s.Name).ShouldBe(["localsecretstore", "iaksecretstore"], ignoreOrder: true);
        resources.SecretStores.Single(s => s.Name == "iaksecretstore").AppliesTo("user-service").ShouldBeFalse("the IAK key stays with the services that sign");
        resources.HttpEndpoints.Select(h => (h.Name, h.BaseUrl.ToString())).ShouldBe(
            [("iak-prepaid", "http://127.0.0.1:5199/"), ("iak-postpaid", "http://127.0.0.1:5199/")], ignoreOrder: true);
        var resiliency = resources.Resiliencies.Single();
        resiliency.AppTargets.Values.ShouldAllBe(t => t.Retry == null, "invocation retries belong to Polly in the apps");
        resiliency.AppTargets.Keys.ShouldBe(["user-service", "master-service", "transaction-service", "iak-prepaid", "iak-postpaid"], ignoreOrder: true);
        resiliency.PubSubInbound["pubsub"].Retry!.MaxRetries.ShouldBe(20);
        ResourceSet.LoadTracing(template.Apps[0].ConfigFile).SamplingRate.ShouldBe(1);
    }

    [Fact]
    public void The_runner_points_people_at_the_web_app_pages_and_at_each_service_swagger()
    {
        Runner.AddressOf("web-app", 5100).ShouldBe("http://localhost:5100/");
        Runner.AddressOf("user-service", 5101).ShouldBe("http://127.0.0.1:5101/swagger");
    }

    [Theory]
    [InlineData("spec:\n  type: state.mongodb\n  version: v1\n  metadata: []", "state.mongodb")]
    [InlineData("spec:\n  type: pubsub.redis\n  version: v1\n  metadata:\n  - { name: enableEntraIdAuth, value: \"true\" }", "enableEntraIdAuth")]
    public void A_component_the_runner_cannot_serve_is_an_error_naming_it(string spec, string named)
    {
        var directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "c.yaml"), $"apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: c\n{spec}\n");

        Should.Throw<RunnerConfigurationException>(() => ResourceSet.Load([directory])).Message.ShouldContain(named);
    }

    [Fact]
    public void A_circuit_breaker_trip_expression_it_cannot_evaluate_is_an_error()
    {
        var directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "r.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: Resiliency
            metadata: { name: r }
            spec:
              policies:
                circuitBreakers:
                  cb: { trip: "requests > 10 && failureRatio > 0.5" }
              targets: {}
            """);

        Should.Throw<RunnerConfigurationException>(() => ResourceSet.Load([directory])).Message.ShouldContain("trip");
    }

    [Fact]
    public void A_template_key_the_runner_cannot_honour_is_an_error()
    {
        var file = Path.Combine(NewDirectory(), "dapr.yaml");
        File.WriteAllText(file, "version: 1\napps:\n  - appID: a\n    appDirPath: .\n    enableAppHealthCheck: true\n    command: [x]\n");

        Should.Throw<RunnerConfigurationException>(() => RunTemplate.Load(file)).Message.ShouldContain("enableAppHealthCheck");
    }

    [Fact]
    public void Per_app_paths_are_relative_to_the_app_and_common_ones_to_the_template()
    {
        var root = NewDirectory();
        var file = Path.Combine(root, "dapr.yaml");
        File.WriteAllText(file, """
            version: 1
            common:
              resourcesPath: ./components
              env: { A: common, B: common }
            apps:
              - appID: one
                appDirPath: ./apps/one
                command: ["dotnet", "run"]
                env: { B: app }
              - appID: two
                appDirPath: ./apps/two
                resourcesPaths: [ ./own ]
                command: ["./two"]
            """);

        var template = RunTemplate.Load(file);

        template.Apps[0].ResourcesPaths.ShouldBe([Path.Combine(root, "components")]);
        template.Apps[1].ResourcesPaths.ShouldBe([Path.Combine(root, "apps", "two", "own")]);
        template.Apps[0].Env.ShouldBe(new Dictionary<string, string> { ["A"] = "common", ["B"] = "app" });
        template.Apps[0].IsDotnetRun.ShouldBeTrue();
        template.Apps[1].IsDotnetRun.ShouldBeFalse();
    }

    [Fact]
    public void Random_ports_move_a_loopback_http_endpoint_with_its_app()
    {
        var directory = NewDirectory();
        File.WriteAllText(Path.Combine(directory, "e.yaml"), """
            apiVersion: dapr.io/v1alpha1
            kind: HTTPEndpoint
            metadata: { name: local }
            spec: { baseUrl: "http://127.0.0.1:5199/base" }
            ---
            apiVersion: dapr.io/v1alpha1
            kind: HTTPEndpoint
            metadata: { name: remote }
            spec: { baseUrl: "https://prepaid.iak.id" }
            """);

        var resources = ResourceSet.Load([directory]).WithLoopbackPortsMoved(new Dictionary<int, int> { [5199] = 41234 });

        resources.HttpEndpoints.Single(h => h.Name == "local").BaseUrl.ToString().ShouldBe("http://127.0.0.1:41234/base");
        resources.HttpEndpoints.Single(h => h.Name == "remote").BaseUrl.ToString().ShouldBe("https://prepaid.iak.id/");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Every_app_gets_a_grpc_port_of_its_own_and_learns_it_as_DAPR_GRPC_PORT(bool randomPorts)
    {
        var root = NewDirectory();
        var file = Path.Combine(root, "dapr.yaml");
        // Fixed ports are only checked for being free, so pick ones this machine is not using now.
        using var free = new PortReservation();
        var (httpPort, grpcPort) = (free.Next(), free.Next());
        free.Dispose();
        File.WriteAllText(file, $"""
            version: 1
            apps:
              - appID: one
                appDirPath: .
                daprHTTPPort: {httpPort}
                daprGRPCPort: {grpcPort}
                command: ["./one"]
              - appID: two
                appDirPath: .
                command: ["./two"]
            """);
        var template = RunTemplate.Load(file);
        var runner = new Runner(new RunnerOptions(file, "Debug", false, randomPorts, null, new Dictionary<string, string>(), [], TimeSpan.FromSeconds(1)));

        using (var ports = new PortReservation())
        {
            runner.AssignPorts(template, ports);
        }

        var one = template.Apps.Single(a => a.AppId == "one");
        if (!randomPorts)
        {
            one.DaprGrpcPort.ShouldBe(grpcPort);
        }

        var all = template.Apps.SelectMany(a => new[] { a.DaprHttpPort!.Value, a.DaprGrpcPort!.Value }).ToList();
        all.ShouldBeUnique();
        all.ShouldAllBe(p => p > 0);
        var noResources = ResourceSet.Load([NewDirectory()]);
        foreach (var app in template.Apps)
        {
            var sidecar = new Sidecar.Sidecar(app, 0, app.DaprHttpPort!.Value, noResources, TimeProvider.System) { GrpcPort = app.DaprGrpcPort!.Value };
            runner.CreateStartInfo(app, null, sidecar).Environment["DAPR_GRPC_PORT"].ShouldBe(app.DaprGrpcPort.ToString());
        }
    }

    [Theory]
    [InlineData("scopes:\n    - storeName: s\n      defaultAccess: maybe", "maybe")]
    [InlineData("scopes:\n    - storeName: s\n      allowedSecret: [a]", "allowedSecret")]
    [InlineData("scopes:\n    - defaultAccess: deny", "storeName")]
    public void A_secret_scope_the_runner_cannot_read_is_an_error_naming_it(string secrets, string named)
    {
        var file = Path.Combine(NewDirectory(), "config.yaml");
        File.WriteAllText(file, "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata: { name: c }\nspec:\n  secrets:\n    " + secrets.Replace("\n", "\n    ") + "\n");

        Should.Throw<RunnerConfigurationException>(() => ResourceSet.LoadSecretScopes(file)).Message.ShouldContain(named);
    }

    [Theory]
    [InlineData("allow", new string[0], new[] { "b" }, "a", true)]
    [InlineData("allow", new string[0], new[] { "b" }, "b", false)]
    [InlineData("deny", new string[0], new string[0], "a", false)]
    [InlineData("deny", new[] { "a" }, new string[0], "a", true)]
    [InlineData("allow", new[] { "a" }, new[] { "a" }, "a", true)]
    [InlineData("allow", new[] { "a" }, new string[0], "c", false)]
    public void Secret_scopes_decide_as_daprd_does(string defaultAccess, string[] allowed, string[] denied, string key, bool expected)
    {
        var file = Path.Combine(NewDirectory(), "config.yaml");
        File.WriteAllText(file, $$"""
            apiVersion: dapr.io/v1alpha1
            kind: Configuration
            metadata: { name: c }
            spec:
              secrets:
                scopes:
                - storeName: s
                  defaultAccess: {{defaultAccess}}
                  allowedSecrets: [{{string.Join(",", allowed)}}]
                  deniedSecrets: [{{string.Join(",", denied)}}]
            """);

        ResourceSet.LoadSecretScopes(file)["s"].Allows(key).ShouldBe(expected);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("1m30s", 90_000)]
    public void Go_durations_parse_as_dapr_writes_them(string text, int milliseconds) =>
        GoDuration.Parse(text, "test").ShouldBe(TimeSpan.FromMilliseconds(milliseconds));

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "dapr.yaml")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("dapr.yaml not found above the test output.");
    }
}
