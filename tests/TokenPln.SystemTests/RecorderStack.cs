using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>
/// The whole system as <see cref="SalesStack"/> runs it, plus an event recorder subscribed to transaction-status-changed as any
/// other subscriber would be. The run template and components are the repository's own, copied, with the recorder added as
/// an app and to the pub/sub scopes.
/// </summary>
public abstract class RecorderStack : SalesStack
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tokenpln-recorder").FullName;

    /// <param name="withWebApp">Whether the web app of dapr.yaml runs too (it does not take part in the sales these stacks make).</param>
    protected RecorderStack(bool withWebApp)
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
        if (!withWebApp)
        {
            const string separator = "\n  - appID: ";
            template = string.Join(separator, template.Split(separator).Where(app => !app.StartsWith("web-app", StringComparison.Ordinal)));
            template.ShouldNotContain("appID: web-app");
        }

        template = template.TrimEnd() + Environment.NewLine + $"""
              - appID: event-recorder
                appDirPath: {Path.Combine(RepositoryRoot, "tests", "TokenPln.EventRecorder")}/
                appPort: 5198
                daprHTTPPort: 3598
                command: ["dotnet", "run", "--no-launch-profile"]

            """;
        File.WriteAllText(Path.Combine(_directory, "dapr.yaml"), template);
    }

    protected override string TemplateFile => Path.Combine(_directory, "dapr.yaml");

    /// <summary>Every delivery the recorder acknowledged, duplicates included.</summary>
    public async Task<IReadOnlyList<JsonElement>> RecordedEventsAsync()
    {
        using var sidecar = SidecarOf("event-recorder");
        return (await sidecar.GetFromJsonAsync<List<JsonElement>>("v1.0/invoke/event-recorder/method/received"))!;
    }

    /// <summary>The IAK sandbox's books: every top-up by ref_id, every movement of the deposit, every status check asked.</summary>
    public async Task<JsonElement> LedgerAsync()
    {
        using var sidecar = SidecarOf("event-recorder");
        return await sidecar.GetFromJsonAsync<JsonElement>("v1.0/invoke/iak-sandbox/method/sandbox/ledger");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
