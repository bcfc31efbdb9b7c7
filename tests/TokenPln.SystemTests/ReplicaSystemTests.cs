using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TokenPln.SystemTests;

/// <summary>The whole system with two web-app and two transaction-service instances, as <c>--replicas</c> starts them.</summary>
public sealed class ReplicaStack : SalesStack
{
    protected override bool IncludesWebApp => true;

    protected override IReadOnlyDictionary<string, int> Replicas => new Dictionary<string, int>
    {
        ["web-app"] = 2,
        ["transaction-service"] = 2,
    };

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // Each web-app instance says when a status change reached it, and each app logs the requests it serves; the runner
        // prefixes every line with the instance that wrote it.
        ["Logging__LogLevel__TokenPln.Web.Live"] = "Debug",
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
    };

    /// <summary>What one instance wrote, by the runner's prefix of its lines (<c>[web-app-2 ...]</c>).</summary>
    public IEnumerable<string> LinesOf(string instanceId)
    {
        var prefix = new Regex($@"^\[{Regex.Escape(instanceId)}\s*\]");
        return Output.Split(Environment.NewLine).Where(line => prefix.IsMatch(line));
    }
}

public sealed class ReplicaSystemTests(ReplicaStack stack) : IClassFixture<ReplicaStack>
{
    [Fact]
    public async Task Each_instance_is_a_process_of_its_own_on_ports_of_its_own()
    {
        var instances = (await stack.Control.GetFromJsonAsync<List<LocalRunnerStack.AppInfo>>("apps"))!;
        var replicated = instances.Where(i => i.AppId is "web-app" or "transaction-service").ToList();

        replicated.Select(i => i.InstanceId).ShouldBe(["transaction-service-1", "transaction-service-2", "web-app-1", "web-app-2"], ignoreOrder: true);
        replicated.ShouldAllBe(i => i.Running && i.Pid != null);
        replicated.Select(i => i.Pid).Distinct().Count().ShouldBe(4);
        instances.Select(i => i.AppPort).Distinct().Count().ShouldBe(instances.Count);
        instances.Select(i => i.DaprHttpPort).Distinct().Count().ShouldBe(instances.Count);
    }

    [Fact]
    public async Task Invocation_of_transaction_service_is_answered_by_both_of_its_instances()
    {
        using var sidecar = stack.SidecarOf("web-app");
        var probe = Guid.NewGuid().ToString("N");

        for (var i = 0; i < 10; i++)
        {
            using var response = await sidecar.GetAsync($"v1.0/invoke/transaction-service/method/health?probe={probe}");
            response.EnsureSuccessStatusCode();
        }

        foreach (var instance in new[] { "transaction-service-1", "transaction-service-2" })
        {
            await stack.WaitFor(() => stack.LinesOf(instance).Any(l => l.Contains(probe, StringComparison.Ordinal)) ? "answered" : null,
                $"{instance} to answer one of the calls");
        }
    }

    [Fact]
    public async Task A_status_change_reaches_every_web_app_instance()
    {
        await stack.SandboxAsync(new { instant = true, outage = false });
        using var transactions = stack.AppClient("transaction-service");

        using var sold = await Api.Send(transactions, HttpMethod.Post, "/api/transactions/prepaid", stack.CashierToken,
            new { customerId = "12345678901", productCode = "hpln20000", cashReceived = 2_000_000 }, Guid.NewGuid().ToString());
        var sale = await sold.Content.ReadFromJsonAsync<JsonElement>();
        var invoice = sale.GetProperty("invoice").GetString()!;

        // A group per web-app instance, one shared by transaction-service's: the runner's view of who reads which topic.
        var topics = (await stack.Control.GetFromJsonAsync<JsonElement>("pubsub")).EnumerateArray().ToList();
        Groups(topics, "transaction-status-changed", "web-app").Select(g => g.Instances).ShouldBe(["web-app-1", "web-app-2"], ignoreOrder: true);
        Groups(topics, "transaction-status-check-requested", "transaction-service").Select(g => (g.Group, g.Instances)).ShouldBe(
            [("transaction-service", "transaction-service-1,transaction-service-2")]);

        // Each instance holds its own browser circuits: a change told to one instance only would leave the pages on the other stale.
        foreach (var instance in new[] { "web-app-1", "web-app-2" })
        {
            await stack.WaitFor(() => stack.LinesOf(instance).Any(l => l.Contains($"Status of {invoice} changed", StringComparison.Ordinal)) ? "told" : null,
                $"{invoice}'s status change to reach {instance}");
        }
    }

    /// <summary>The consumer groups of <paramref name="appId"/> on <paramref name="topic"/>, each with its instances (comma-separated, sorted).</summary>
    private static List<(string Group, string Instances)> Groups(List<JsonElement> topics, string topic, string appId) =>
        topics.Where(t => t.GetProperty("topic").GetString() == topic)
            .SelectMany(t => t.GetProperty("subscribers").EnumerateArray())
            .Where(s => s.GetProperty("app").GetString() == appId)
            .Select(s => (s.GetProperty("group").GetString()!,
                string.Join(',', s.GetProperty("instances").EnumerateArray().Select(i => i.GetString()!).Order())))
            .ToList();
}
