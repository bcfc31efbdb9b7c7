using System.Text.RegularExpressions;

namespace TokenPln.TransactionService.UnitTests;

/// <summary>
/// The service's feature folders depend on each other in one direction only, so that a reader can follow a sale from
/// <c>Sales/</c> down to <c>Transactions/</c> without being sent back up. Read from the source, as a reader sees it.
/// </summary>
public partial class FeatureFolderTests
{
    private static readonly string ServiceRoot = Path.Combine(FindRepositoryRoot(), "services", "transaction-service");

    [Fact]
    public void No_feature_folder_imports_one_that_imports_it_back()
    {
        var imports = FolderImports();

        var cycles = imports.Keys.Select(folder => CycleFrom(folder, imports)).OfType<string>().Distinct().ToList();

        cycles.ShouldBeEmpty();
    }

    [Fact]
    public void The_sale_model_imports_no_other_folder_and_the_rollups_are_not_the_sales_concern()
    {
        var imports = FolderImports();

        imports["Transactions"].ShouldBeEmpty();
        imports["Sales"].ShouldNotContain("Reporting");
        imports["Sales"].ShouldNotContain("StatusChecks");
    }

    /// <summary>Every folder with its own code (Data/Migrations counts as Data) and the other folders its files name.</summary>
    private static Dictionary<string, HashSet<string>> FolderImports()
    {
        var folders = Directory.GetDirectories(ServiceRoot).Select(Path.GetFileName).OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "Properties")).ToHashSet();
        folders.ShouldContain("Sales");
        var imports = folders.ToDictionary(folder => folder, _ => new HashSet<string>());
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(ServiceRoot, folder), "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in ServiceNamespace().Matches(File.ReadAllText(file)))
                {
                    var other = match.Groups[1].Value;
                    if (other != folder && folders.Contains(other)) imports[folder].Add(other);
                }
            }
        }

        return imports;
    }

    /// <summary>A path that leads from <paramref name="start"/> back to itself, as "A -> B -> A", or null when there is none.</summary>
    private static string? CycleFrom(string start, Dictionary<string, HashSet<string>> imports)
    {
        var stack = new Stack<List<string>>();
        stack.Push([start]);
        var seen = new HashSet<string>();
        while (stack.TryPop(out var path))
        {
            foreach (var next in imports[path[^1]])
            {
                if (next == start) return string.Join(" -> ", path.Append(next));
                if (seen.Add(next)) stack.Push([.. path, next]);
            }
        }

        return null;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TokenPln.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("TokenPln.sln not found above " + AppContext.BaseDirectory);
    }

    // "using TokenPln.TransactionService.Sales;" and fully qualified names alike.
    [GeneratedRegex(@"\bTokenPln\.TransactionService\.([A-Z][A-Za-z]*)\b")]
    private static partial Regex ServiceNamespace();
}
