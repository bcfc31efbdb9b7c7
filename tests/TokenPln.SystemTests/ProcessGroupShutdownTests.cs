using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace TokenPln.SystemTests;

/// <summary>The runner in a process group of its own, as systemd or a container runtime starts it.</summary>
public sealed class ProcessGroupStack : LocalRunnerStack
{
    protected override bool OwnProcessGroup => true;
}

/// <summary>
/// systemd and container runtimes stop a service by sending SIGTERM to every process of its group at once, the
/// runner and each app together, and then SIGKILL to whatever is left. Every app must stop as it does on Ctrl+C.
/// </summary>
public partial class ProcessGroupShutdownTests(ProcessGroupStack stack) : IClassFixture<ProcessGroupStack>
{
    private static readonly string[] AppIds = ["user-service", "master-service", "transaction-service", "iak-sandbox"];

    [Fact]
    public async Task Sigterm_to_every_process_at_once_stops_each_app_cleanly_and_the_runner_with_exit_code_zero_even_with_a_provider_call_hanging()
    {
        stack.Apps.Keys.Order().ShouldBe(AppIds.Order());
        var pids = stack.Apps.Values.Select(a => a.Pid!.Value).Append(stack.RunnerProcessId).ToList();

        // A provider that hangs on a call in flight: what a stop must not wait on until the runner loses patience.
        using var sandbox = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{stack.Apps["iak-sandbox"].AppPort}/") };
        using (var settings = await sandbox.PatchAsJsonAsync("sandbox/settings", new { timeoutRate = 1.0 }))
        {
            settings.EnsureSuccessStatusCode();
        }

        var hanging = sandbox.PostAsJsonAsync("api/check-balance", new { username = "081234567890", sign = "x" });
        await stack.WaitFor(() => stack.Output.Contains("Injected timeout on /api/check-balance", StringComparison.Ordinal) ? "hanging" : null,
            "the sandbox to hang on the call");

        var exitCode = await stack.SignalProcessGroupAsync(within: TimeSpan.FromSeconds(60));
        await Should.ThrowAsync<HttpRequestException>(() => hanging);

        var lines = stack.Output.Split(Environment.NewLine);
        exitCode.ShouldBe(0, stack.Output);
        lines.ShouldNotContain(l => l.Contains("exited unexpectedly", StringComparison.Ordinal) || l.Contains("killing", StringComparison.Ordinal),
            stack.Output);
        foreach (var appId in AppIds)
        {
            lines.ShouldContain($"[{"runner".PadRight(Width)}] {appId} stopped (exit code 0)", stack.Output);
            var own = lines.Select(l => Prefixed().Match(l)).Where(m => m.Success && m.Groups["source"].Value == appId)
                .Select(m => m.Groups["text"].Value).ToList();
            own.ShouldContain(l => l.Contains("Application is shutting down", StringComparison.Ordinal), $"{appId} never began its shutdown");
            own[^1].ShouldContain($"{appId} shutdown complete", Case.Sensitive, $"{appId}'s log does not end with its shutdown:\n{stack.Output}");
        }

        // The runner reports the end last, once every app's own lines and exit are through.
        var end = Array.FindIndex(lines, l => l.EndsWith("] all apps stopped", StringComparison.Ordinal));
        end.ShouldBeGreaterThan(0, stack.Output);
        lines.Skip(end).ShouldNotContain(l => AppIds.Any(id => l.StartsWith($"[{id.PadRight(Width)}]", StringComparison.Ordinal)
                                                            || l.Contains($"] {id} stopped", StringComparison.Ordinal)), stack.Output);
        foreach (var pid in pids)
        {
            IsAlive(pid).ShouldBeFalse($"process {pid} outlived the stop");
        }
    }

    private static int Width => AppIds.Append("runner").Max(id => id.Length);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\[(?<source>[^\]]+?)\s*\] (?<text>.*)$")]
    private static partial Regex Prefixed();
}
