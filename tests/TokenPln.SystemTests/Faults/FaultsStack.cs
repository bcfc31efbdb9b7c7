using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests.Faults;

/// <summary>
/// The whole system as <see cref="SalesStack"/> runs it, plus an event recorder subscribed to transaction-status-changed,
/// and IAK calls that give up after seconds rather than the production tens of seconds. The run template and
/// components are the repository's own, copied, with the recorder added as an app and to the pub/sub scopes.
/// </summary>
public sealed class FaultsStack : SalesStack
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tokenpln-faults").FullName;

    public FaultsStack()
    {
        var components = Path.Combine(_directory, "components");
        Directory.CreateDirectory(components);
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryRoot, "components")))
        {
            File.Copy(file, Path.Combine(components, Path.GetFileName(file)));
        }

        var pubsub = Path.Combine(components, "pubsub.yaml");
        File.WriteAllText(pubsub, File.ReadAllText(pubsub).TrimEnd() + Environment.NewLine + "  - event-recorder" + Environment.NewLine);
        var template = File.ReadAllText(Path.Combine(RepositoryRoot, "dapr.yaml"))
            .Replace("./components", components, StringComparison.Ordinal)
            .Replace("appDirPath: ./", $"appDirPath: {RepositoryRoot}/", StringComparison.Ordinal);
        template += $"""
              - appID: event-recorder
                appDirPath: {Path.Combine(RepositoryRoot, "tests", "TokenPln.EventRecorder")}/
                appPort: 5198
                daprHTTPPort: 3598
                command: ["dotnet", "run", "--no-launch-profile"]

            """;
        File.WriteAllText(Path.Combine(_directory, "dapr.yaml"), template);
    }

    protected override string TemplateFile => Path.Combine(_directory, "dapr.yaml");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // An injected IAK timeout hangs for minutes; give up on an attempt after three seconds, as a test can wait for.
        ["Resilience__iak-prepaid__AttemptTimeout"] = "00:00:03",
        ["Resilience__iak-prepaid__TotalTimeout"] = "00:00:10",
    };

    /// <summary>Every delivery the recorder acknowledged, duplicates included.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordedEventsAsync()
    {
        using var sidecar = SidecarOf("event-recorder");
        return (await sidecar.GetFromJsonAsync<List<JsonElement>>("v1.0/invoke/event-recorder/method/received"))!;
    }

    public async Task<JsonElement> LedgerAsync()
    {
        using var sidecar = SidecarOf("transaction-service");
        return await sidecar.GetFromJsonAsync<JsonElement>("v1.0/invoke/iak-sandbox/method/sandbox/ledger");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
