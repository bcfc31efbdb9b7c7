using System.Diagnostics;
using TokenPln.LocalRunner.Template;

namespace TokenPln.LocalRunner.Processes;

/// <summary>
/// Builds every <c>dotnet run</c> app of the template in one MSBuild invocation and finds each built
/// assembly, so apps start from their output instead of each running its own build.
/// </summary>
internal static class AppBuilder
{
    public static async Task<IReadOnlyDictionary<string, string>> BuildAsync(IReadOnlyList<AppSpec> apps, string configuration, bool build,
        ConsoleOutput output, CancellationToken cancellationToken)
    {
        var projects = apps.Where(a => a.IsDotnetRun).ToDictionary(a => a.AppId, a => FindProject(a.AppDirectory));
        if (projects.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        var workDirectory = Path.Combine(Path.GetTempPath(), "tokenpln-runner", Convert.ToHexString(System.Security.Cryptography.SHA1.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Join('|', projects.Values)))));
        Directory.CreateDirectory(workDirectory);
        var traversal = Path.Combine(workDirectory, "apps.proj");
        var outputs = Path.Combine(workDirectory, "targets.txt");
        await File.WriteAllTextAsync(traversal, TraversalProject(projects.Values, outputs), cancellationToken);

        var arguments = new List<string> { "msbuild", traversal, "-nologo", "-v:minimal", "-m", $"-p:Configuration={configuration}" };
        arguments.AddRange(build ? ["-restore", "-t:BuildApps"] : ["-t:ResolveApps"]);
        output.Line("runner", build ? $"building {projects.Count} apps ({configuration})…" : "resolving built apps (--no-build)…");
        var started = Stopwatch.StartNew();
        var startInfo = new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            foreach (var line in (await stdout + await stderr).Split('\n').Where(l => l.Length > 0))
            {
                output.Line("runner", line);
            }

            throw new RunnerConfigurationException($"Building the apps failed (exit code {process.ExitCode}).");
        }

        output.Line("runner", $"apps ready to start in {started.Elapsed.TotalSeconds:0.0}s");
        var targets = (await File.ReadAllLinesAsync(outputs, cancellationToken))
            .Select(l => l.Split('|')).Where(p => p.Length == 2)
            .ToDictionary(p => Path.GetFullPath(p[0]), p => p[1]);
        return projects.ToDictionary(p => p.Key, p => targets.TryGetValue(Path.GetFullPath(p.Value), out var dll)
            ? dll
            : throw new RunnerConfigurationException($"No build output found for {p.Value}."));
    }

    private static string FindProject(string directory)
    {
        var projects = Directory.GetFiles(directory, "*.csproj");
        return projects.Length == 1
            ? projects[0]
            : throw new RunnerConfigurationException($"{directory}: expected exactly one .csproj for `dotnet run`, found {projects.Length}.");
    }

    private static string TraversalProject(IEnumerable<string> projects, string outputs) => $"""
        <Project>
          <ItemGroup>
        {string.Join(Environment.NewLine, projects.Select(p => $"    <App Include=\"{System.Security.SecurityElement.Escape(p)}\" />"))}
          </ItemGroup>
          <Target Name="Restore">
            <MSBuild Projects="@(App)" Targets="Restore" />
          </Target>
          <Target Name="BuildApps">
            <MSBuild Projects="@(App)" Targets="Build" BuildInParallel="true">
              <Output TaskParameter="TargetOutputs" ItemName="Built" />
            </MSBuild>
            <WriteLinesToFile File="{outputs}" Lines="@(Built->'%(MSBuildSourceProjectFile)|%(Identity)')" Overwrite="true" />
          </Target>
          <Target Name="ResolveApps">
            <MSBuild Projects="@(App)" Targets="GetTargetPath">
              <Output TaskParameter="TargetOutputs" ItemName="Built" />
            </MSBuild>
            <WriteLinesToFile File="{outputs}" Lines="@(Built->'%(MSBuildSourceProjectFile)|%(Identity)')" Overwrite="true" />
          </Target>
        </Project>
        """;
}
