using System.Text.Json.Nodes;

namespace TokenPln.Deploy.Tests;

public static class Deploy
{
    public static readonly string RepositoryRoot = FindRoot();

    public static readonly string[] Kustomizations =
    [
        "deploy/base",
        "deploy/migrations",
        "deploy/overlays/production",
        "deploy/overlays/production/migrations",
        "deploy/overlays/staging",
        "deploy/overlays/staging/migrations",
    ];

    public static SchemaValidator Validator { get; } = new(Path.Combine(RepositoryRoot, "deploy", "schemas", "dapr-crds.schema.json"));

    public static LocalRun Local { get; } = LocalRun.Read(RepositoryRoot);

    public static List<Manifest> Render(string kustomization) =>
        KustomizeRenderer.Render(Path.Combine(RepositoryRoot, kustomization), RepositoryRoot);

    /// <summary>Every problem the schemas and the consistency rules find in these objects.</summary>
    public static List<string> Problems(IReadOnlyList<Manifest> manifests, bool complete = true) =>
        [.. manifests.SelectMany(Validator.Validate), .. ConsistencyRules.Check(manifests, Local, complete)];

    /// <summary>An overlay is everything a cluster gets; base/ and the migrations are parts of it.</summary>
    public static bool IsComplete(string kustomization) =>
        kustomization.StartsWith("deploy/overlays/", StringComparison.Ordinal) && !kustomization.EndsWith("/migrations", StringComparison.Ordinal);

    /// <summary>A copy of the rendered objects with one of them changed, as a broken edit of deploy/ would.</summary>
    public static List<Manifest> With(IReadOnlyList<Manifest> manifests, string kind, string name, Action<JsonObject> change) =>
        manifests.Select(m =>
        {
            var body = m.Body.DeepClone().AsObject();
            if (m.Kind == kind && m.Name == name) change(body);
            return m with { Body = body };
        }).ToList();

    public static Manifest Single(IEnumerable<Manifest> manifests, string kind, string name) =>
        manifests.Single(m => m.Kind == kind && m.Name == name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TokenPln.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TokenPln.sln above {AppContext.BaseDirectory}");
    }
}
