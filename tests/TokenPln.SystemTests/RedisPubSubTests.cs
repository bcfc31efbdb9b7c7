using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>
/// The event recorder alone under the runner, its pub/sub component pointed at a private redis-server: the repository's
/// components copied with redisHost changed and the recorder added to the scopes.
/// </summary>
public sealed class RedisRecorderStack(string templateFile, bool inProcessPubSub = false) : LocalRunnerStack
{
    public const string Topic = "transaction-status-changed";

    protected override string TemplateFile => templateFile;

    protected override bool InProcessPubSub => inProcessPubSub;

    // The recorder keeps nothing in a database; no PostgreSQL database is made for it.
    protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => [];

    public async Task PublishAsync(string id)
    {
        using var sidecar = SidecarOf("event-recorder");
        using var response = await sidecar.PostAsync($"v1.0/publish/pubsub/{Topic}?metadata.cloudevent.id={id}",
            new StringContent("""{"invoice":"INV-0000000000000001","status":"success"}""", Encoding.UTF8, "application/json"));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent, $"publishing {id}");
    }

    /// <summary>The ids the recorder acknowledged since it started, duplicates included.</summary>
    public async Task<IReadOnlyList<string>> ReceivedIdsAsync()
    {
        using var sidecar = SidecarOf("event-recorder");
        var received = await sidecar.GetFromJsonAsync<List<JsonElement>>("v1.0/invoke/event-recorder/method/received");
        return received!.Select(e => e.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>SIGKILL to the runner alone: no stop of its apps, no acknowledgement of anything in flight.</summary>
    public async Task KillRunnerAsync()
    {
        using var runner = Process.GetProcessById(RunnerProcessId);
        runner.Kill();
        await runner.WaitForExitAsync();
    }
}

public sealed class RedisPubSubTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tokenpln-redis-run").FullName;
    private PrivateRedisServer _redis = null!;
    private string _template = "";

    public async Task InitializeAsync()
    {
        _redis = await PrivateRedisServer.StartAsync();
        var root = LocalRunnerStack.RepositoryRoot;
        var components = Path.Combine(_directory, "components");
        Directory.CreateDirectory(components);
        foreach (var file in Directory.GetFiles(Path.Combine(root, "components")))
        {
            File.Copy(file, Path.Combine(components, Path.GetFileName(file)));
        }

        var pubsub = Path.Combine(components, "pubsub.yaml");
        var original = File.ReadAllText(pubsub);
        original.ShouldContain("value: localhost:6379");
        File.WriteAllText(pubsub, original.Replace("value: localhost:6379", $"value: {_redis.Host}", StringComparison.Ordinal).TrimEnd()
                                  + Environment.NewLine + "  - event-recorder" + Environment.NewLine);
        _template = Path.Combine(_directory, "dapr.yaml");
        File.WriteAllText(_template, $"""
            version: 1
            common:
              resourcesPath: {components}
              configFilePath: {Path.Combine(components, "config.yaml")}
              appProtocol: http
              env:
                ASPNETCORE_ENVIRONMENT: Development
            apps:
              - appID: event-recorder
                appDirPath: {Path.Combine(root, "tests", "TokenPln.EventRecorder")}/
                appPort: 5198
                daprHTTPPort: 3598
                command: ["dotnet", "run", "--no-launch-profile"]

            """);
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Events_published_while_the_subscriber_is_stopped_all_arrive_once_it_starts_again()
    {
        var stack = new RedisRecorderStack(_template);
        try
        {
            await stack.InitializeAsync();
            stack.Output.ShouldContain($"served by Redis at {_redis.Host}");
            await stack.StopAppAsync("event-recorder");
            var published = Enumerable.Range(1, 20).Select(i => $"while-stopped-{i}").ToList();
            foreach (var id in published) await stack.PublishAsync(id);

            await stack.StartAppAsync("event-recorder");

            var received = await ReceivedAllAsync(stack, published);
            received.ToHashSet().SetEquals(published).ShouldBeTrue(string.Join(", ", received));
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    [Fact]
    public async Task Events_published_just_before_the_runner_is_killed_all_arrive_through_a_new_runner_on_the_same_redis()
    {
        var published = Enumerable.Range(1, 20).Select(i => $"before-kill-{i}").ToList();
        var first = new RedisRecorderStack(_template);
        try
        {
            await first.InitializeAsync();
            first.Output.ShouldContain($"served by Redis at {_redis.Host}");
            // Stopped, so that nothing reaches it before the kill: every event must come from Redis afterwards.
            await first.StopAppAsync("event-recorder");
            foreach (var id in published) await first.PublishAsync(id);
            await first.KillRunnerAsync();
        }
        finally
        {
            await first.DisposeAsync();
        }

        (await _redis.IntegerAsync("XLEN", RedisRecorderStack.Topic)).ShouldBe(published.Count);
        var second = new RedisRecorderStack(_template);
        try
        {
            await second.InitializeAsync();

            var received = await ReceivedAllAsync(second, published);
            received.ToHashSet().SetEquals(published).ShouldBeTrue(string.Join(", ", received));
            await second.WaitForAsync(async () => await _redis.IntegerAsync("XPENDING", RedisRecorderStack.Topic, "event-recorder") == 0 ? "acked" : null,
                "every delivered event to be acknowledged in Redis");
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_in_process_pubsub_the_runner_leaves_an_answering_redis_alone()
    {
        var stack = new RedisRecorderStack(_template, inProcessPubSub: true);
        try
        {
            await stack.InitializeAsync();
            stack.Output.ShouldContain("component pubsub (pubsub.redis) served IN-PROCESS by the runner (--in-process-pubsub)");

            await stack.PublishAsync("kept-in-process");

            await ReceivedAllAsync(stack, ["kept-in-process"]);
            (await _redis.IntegerAsync("EXISTS", RedisRecorderStack.Topic)).ShouldBe(0);
        }
        finally
        {
            await stack.DisposeAsync();
        }
    }

    private static Task<IReadOnlyList<string>> ReceivedAllAsync(RedisRecorderStack stack, IReadOnlyList<string> expected) =>
        stack.WaitForAsync(async () => await stack.ReceivedIdsAsync() is var ids && expected.All(ids.Contains) ? ids : null,
            $"all {expected.Count} events at the recorder", TimeSpan.FromSeconds(120));
}
