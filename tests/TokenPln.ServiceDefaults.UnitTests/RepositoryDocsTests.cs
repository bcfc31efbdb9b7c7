using System.Text.RegularExpressions;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>
/// The repository carries its own documentation: a clone alone must be enough to read the design, so no
/// document may lean on files beside the repository (the old <c>../shared/docs</c>) or on files that are gone.
/// </summary>
public partial class RepositoryDocsTests
{
    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string> Documents()
    {
        var data = new TheoryData<string>();
        foreach (var file in DocumentFiles())
        {
            data.Add(Path.GetRelativePath(Root, file).Replace('\\', '/'));
        }

        return data;
    }

    [Theory]
    [InlineData("architecture.md")]
    [InlineData("dapr.md")]
    [InlineData("iak.md")]
    public void The_repository_has_its_own_document_and_the_readme_links_to_it(string name)
    {
        var document = Path.Combine(Root, "docs", name);
        File.Exists(document).ShouldBeTrue($"docs/{name} is missing");
        File.ReadAllText(document).Trim().Length.ShouldBeGreaterThan(500, $"docs/{name} is empty");

        var readmeTargets = LinkTargets(File.ReadAllText(Path.Combine(Root, "README.md"))).Select(StripFragment);
        readmeTargets.ShouldContain($"docs/{name}", $"README.md does not link to docs/{name}");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_to_a_file_or_folder_inside_the_repository(string document)
    {
        var file = Path.Combine(Root, document);
        var problems = new List<string>();
        foreach (var target in LinkTargets(File.ReadAllText(file)).Where(IsRelative))
        {
            var path = StripFragment(Uri.UnescapeDataString(target));
            if (path.Length == 0) continue; // an anchor within the same page

            var resolved = Resolve(file, path);
            if (path.StartsWith('/'))
            {
                problems.Add($"{target} is an absolute path; a link must be relative to its document");
            }
            else if (!IsInsideRepository(resolved))
            {
                problems.Add($"{target} points outside the repository ({resolved})");
            }
            else if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                problems.Add($"{target} does not exist ({resolved})");
            }
        }

        problems.ShouldBeEmpty($"{document} has broken links");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_path_in_a_document_points_outside_the_repository(string document)
    {
        var file = Path.Combine(Root, document);
        var text = File.ReadAllText(file);
        var problems = new List<string>();
        // Paths written as code (`../shared/docs/x.md`) are references too, even when they are not links.
        foreach (Match match in CodeSpan().Matches(text))
        {
            foreach (var token in match.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(t => t.StartsWith("../", StringComparison.Ordinal)))
            {
                if (!IsInsideRepository(Resolve(file, token)))
                {
                    problems.Add($"`{token}` points outside the repository");
                }
            }
        }

        if (text.Contains("shared/docs", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add("mentions shared/docs, which is not part of the repository");
        }

        problems.ShouldBeEmpty($"{document} refers to files outside the repository");
    }

    [Fact]
    public void A_link_that_escapes_the_repository_is_caught()
    {
        // Guards the guard: the kind of reference the README used to carry.
        var readme = Path.Combine(Root, "README.md");
        var targets = LinkTargets("See [the design](../shared/docs/architecture.md) and [here](#top).").ToList();

        targets.ShouldBe(["../shared/docs/architecture.md", "#top"]);
        IsInsideRepository(Resolve(readme, targets[0])).ShouldBeFalse();
        IsInsideRepository(Resolve(readme, "docs/../README.md")).ShouldBeTrue();
    }

    private static IEnumerable<string> DocumentFiles()
    {
        yield return Path.Combine(Root, "README.md");
        var docs = Path.Combine(Root, "docs");
        if (!Directory.Exists(docs)) yield break;
        foreach (var file in Directory.EnumerateFiles(docs, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return file;
        }
    }

    /// <summary>Inline links and images, and reference definitions, outside fenced code blocks.</summary>
    private static IEnumerable<string> LinkTargets(string markdown)
    {
        var prose = FencedBlock().Replace(markdown, "");
        foreach (Match match in InlineLink().Matches(prose))
        {
            yield return match.Groups[1].Value.Trim('<', '>');
        }

        foreach (Match match in ReferenceDefinition().Matches(prose))
        {
            yield return match.Groups[1].Value.Trim('<', '>');
        }
    }

    /// <summary>Web and mail links are not files of the repository; everything without a scheme is.</summary>
    private static bool IsRelative(string target) => !UriScheme().IsMatch(target);

    private static string StripFragment(string target)
    {
        var cut = target.IndexOfAny(['#', '?']);
        return cut < 0 ? target : target[..cut];
    }

    private static string Resolve(string document, string relative) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, relative.Replace('/', Path.DirectorySeparatorChar)));

    private static bool IsInsideRepository(string fullPath) =>
        fullPath == Root || fullPath.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TokenPln.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("TokenPln.sln not found above the test output.");
    }

    [GeneratedRegex(@"!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*:")]
    private static partial Regex UriScheme();

    [GeneratedRegex(@"`([^`\n]+)`")]
    private static partial Regex CodeSpan();
}
