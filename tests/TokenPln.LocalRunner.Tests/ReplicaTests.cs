using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Template;
using TokenPln.Testing;

namespace TokenPln.LocalRunner.Tests;

/// <summary><c>--replicas app=N</c>: instances with their own ports and identity, balanced invocation, shared or per-instance consumer groups.</summary>
public sealed class ReplicaTests
{
    private static readonly string Template = RunTemplate.FindNearest(AppContext.BaseDirectory);

    [Fact]
    public void Replicas_name_an_app_and_a_count_and_may_be_repeated()
    {
        var replicas = ReplicaArguments.Parse(["web-app=2", "transaction-service=3"]);

        replicas.ShouldBe(new Dictionary<string, int> { ["web-app"] = 2, ["transaction-service"] = 3 });
        ReplicaArguments.Parse([]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("web-app", "<app-id>=<n>")]
    [InlineData("=2", "<app-id>=<n>")]
    [InlineData("web-app=two", "<app-id>=<n>")]
    [InlineData("web-app=-1", "<app-id>=<n>")]
    [InlineData("web-app=0", "between 1 and 16")]
    [InlineData("web-app=17", "between 1 and 16")]
    public void A_malformed_replica_count_is_refused_saying_what_is_expected(string argument, string expected)
    {
        Should.Throw<RunnerConfigurationException>(() => ReplicaArguments.Parse([argument])).Message.ShouldContain(expected);
    }

    [Fact]
    public void An_app_named_twice_or_not_in_the_template_is_refused()
    {
        Should.Throw<RunnerConfigurationException>(() => ReplicaArguments.Parse(["web-app=2", "web-app=3"])).Message.ShouldContain("twice");
        var template = RunTemplate.Load(Template);
        Should.Throw<RunnerConfigurationException>(() => ReplicaArguments.Validate(new Dictionary<string, int> { ["web-ap"] = 2 }, template))
            .Message.ShouldContain("web-ap");
    }

    [Fact]
    public void The_first_instance_keeps_the_templates_ports_and_the_others_get_free_ports_and_an_instance_id_of_their_own()
    {
        var template = RunTemplate.Load(Template);
        var runner = new Runner(new RunnerOptions(Template, "Debug", false, false, null, new Dictionary<string, string>(), [], TimeSpan.FromSeconds(5)));

        var instances = Runner.Instances(template, new Dictionary<string, int> { ["transaction-service"] = 3 });
        using (var ports = new PortReservation()) Runner.AssignInstancePorts(instances, ports);

        instances.Count.ShouldBe(template.Apps.Count + 2);
        var transactions = instances.Where(i => i.AppId == "transaction-service").ToList();
        transactions.Select(i => i.InstanceId).ShouldBe(["transaction-service-1", "transaction-service-2", "transaction-service-3"]);
        (transactions[0].AppPort, transactions[0].DaprHttpPort, transactions[0].DaprGrpcPort).ShouldBe((5103, 3503, 50103));
        var allPorts = instances.SelectMany(i => new[] { i.AppPort!.Value, i.DaprHttpPort!.Value, i.DaprGrpcPort!.Value }).ToList();
        allPorts.Distinct().Count().ShouldBe(allPorts.Count, "no two instances share a port");
        var resources = ResourceSet.Load(transactions[2].ResourcesPaths);
        var sidecar = new Sidecar.Sidecar(transactions[2], transactions[2].AppPort!.Value, transactions[2].DaprHttpPort!.Value, resources, TimeProvider.System);
        var environment = runner.CreateStartInfo(transactions[2], null, sidecar).Environment;
        environment["Instance__Id"].ShouldBe("transaction-service-3");
        environment["APP_ID"].ShouldBe("transaction-service");
        environment["APP_PORT"].ShouldBe(transactions[2].AppPort.ToString());
        environment["DAPR_HTTP_PORT"].ShouldBe(transactions[2].DaprHttpPort.ToString());
    }

    [Fact]
    public async Task Invocation_of_an_app_id_takes_turns_over_its_instances()
    {
        await using var run = await ReplicaFixture.StartAsync(instances: 3);

        for (var i = 0; i < 6; i++)
        {
            (await run.CallerClient.GetStringAsync("v1.0/invoke/orders/method/whoami")).ShouldStartWith("orders-");
        }

        run.Hits.GroupBy(h => h.Instance).ToDictionary(g => g.Key, g => g.Count())
            .ShouldBe(new Dictionary<string, int> { ["orders-1"] = 2, ["orders-2"] = 2, ["orders-3"] = 2 }, ignoreOrder: true);
    }

    [Fact]
    public async Task An_instance_whose_app_is_gone_is_skipped_and_with_none_left_the_caller_gets_err_direct_invoke()
    {
        await using var run = await ReplicaFixture.StartAsync(instances: 2);
        // What the runner records when an instance's process exits or is killed.
        run.Instances[0].AppRunning = false;

        for (var i = 0; i < 4; i++)
        {
            (await run.CallerClient.GetStringAsync("v1.0/invoke/orders/method/whoami")).ShouldBe("orders-2");
        }

        run.Instances[1].AppRunning = false;
        using var refused = await run.CallerClient.GetAsync("v1.0/invoke/orders/method/whoami");
        refused.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("ERR_DIRECT_INVOKE");
        run.Hits.Count(h => h.Instance == "orders-1").ShouldBe(0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_a_consumer_id_the_instances_of_an_app_share_one_group_and_each_event_reaches_one_of_them(bool onRedis)
    {
        await using var redis = onRedis ? await PrivateRedisServer.StartAsync() : null;
        await using var run = await ReplicaFixture.StartAsync(instances: 2, redisHost: redis?.Host);

        for (var i = 1; i <= 6; i++) await run.PublishAsync($"evt-{i}");
        await ReplicaFixture.EventuallyAsync(() => run.Hits.Count >= 6, "six deliveries");
        await Task.Delay(300);

        run.Hits.Select(h => h.What).ShouldBe(Enumerable.Range(1, 6).Select(i => $"evt-{i}"), ignoreOrder: true);
        run.EventsAt("orders-1").Count().ShouldBe(3);
        run.EventsAt("orders-2").Count().ShouldBe(3);
        if (redis is not null)
        {
            (await redis.CommandAsync("XINFO", "GROUPS", ReplicaFixture.Topic)).ShouldContain("orders");
            (await redis.IntegerAsync("XPENDING", ReplicaFixture.Topic, "orders")).ShouldBe(0);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_podName_in_the_consumer_id_every_instance_has_a_group_of_its_own_and_gets_every_event(bool onRedis)
    {
        await using var redis = onRedis ? await PrivateRedisServer.StartAsync() : null;
        await using var run = await ReplicaFixture.StartAsync(instances: 2, consumerId: "{podName}", redisHost: redis?.Host);

        for (var i = 1; i <= 4; i++) await run.PublishAsync($"evt-{i}");
        await ReplicaFixture.EventuallyAsync(() => run.Hits.Count >= 8, "every event at both instances");
        await Task.Delay(300);

        var all = Enumerable.Range(1, 4).Select(i => $"evt-{i}").ToList();
        run.EventsAt("orders-1").ShouldBe(all, ignoreOrder: true);
        run.EventsAt("orders-2").ShouldBe(all, ignoreOrder: true);
        if (redis is not null)
        {
            (await redis.IntegerAsync("XPENDING", ReplicaFixture.Topic, "orders-1")).ShouldBe(0);
            (await redis.IntegerAsync("XPENDING", ReplicaFixture.Topic, "orders-2")).ShouldBe(0);
        }
    }

    [Fact]
    public async Task A_uuid_consumer_id_is_a_group_per_sidecar_too()
    {
        await using var run = await ReplicaFixture.StartAsync(instances: 2, consumerId: "{appID}-{uuid}");

        await run.PublishAsync("evt-uuid");
        await ReplicaFixture.EventuallyAsync(() => run.Hits.Count >= 2, "the event at both instances");

        run.EventsAt("orders-1").ShouldBe(["evt-uuid"]);
        run.EventsAt("orders-2").ShouldBe(["evt-uuid"]);
        run.PubSub.ConsumerGroupFor("orders", "orders-1", run.Instances[0].Uuid).ShouldBe($"orders-{run.Instances[0].Uuid}");
    }

    [Fact]
    public async Task An_event_of_a_shared_group_goes_to_a_running_instance_when_another_is_gone()
    {
        await using var run = await ReplicaFixture.StartAsync(instances: 2);
        run.Instances[1].AppRunning = false;

        for (var i = 1; i <= 4; i++) await run.PublishAsync($"evt-{i}");
        await ReplicaFixture.EventuallyAsync(() => run.Hits.Count >= 4, "four deliveries");
        await Task.Delay(300);

        run.EventsAt("orders-1").Count().ShouldBe(4);
        run.EventsAt("orders-2").ShouldBeEmpty();
    }

    [Fact]
    public void Components_on_one_redis_host_share_a_store_and_differ_only_in_their_groups()
    {
        var resources = ResourceSet.Load(RunTemplate.Load(Template).Apps[0].ResourcesPaths);

        var shared = resources.PubSubs.Single(p => p.Name == "pubsub");
        var perInstance = resources.PubSubs.Single(p => p.Name == "pubsub-per-instance");
        perInstance.StoreKey.ShouldBe(shared.StoreKey);
        perInstance.AppliesTo("web-app").ShouldBeTrue();
        perInstance.AppliesTo("transaction-service").ShouldBeFalse();
        shared.ConsumerGroupFor("web-app", "web-app-2", Guid.NewGuid()).ShouldBe("web-app");
        perInstance.ConsumerGroupFor("web-app", "web-app-1", Guid.NewGuid())
            .ShouldNotBe(perInstance.ConsumerGroupFor("web-app", "web-app-2", Guid.NewGuid()));
    }
}
