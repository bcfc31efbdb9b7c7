using System.Diagnostics;
using System.Text.RegularExpressions;

namespace TokenPln.Bench;

/// <summary>
/// A CPU-sampling profile of one process while the sale load runs, read back as its top frames. The tools come from the
/// repository's tool manifest (<c>.config/dotnet-tools.json</c>, restored by bench/run.sh).
/// </summary>
public static partial class SaleProfile
{
    public sealed record Frames(IReadOnlyList<string> Exclusive, IReadOnlyList<string> Inclusive);

    /// <summary>Traces <paramref name="pid"/> for <paramref name="duration"/> while <paramref name="load"/> runs.</summary>
    public static async Task<Frames> CollectAsync(int pid, TimeSpan duration, Func<Task> load, int top = 15)
    {
        var file = Path.Combine(Path.GetTempPath(), $"tokenpln-sale-{pid}-{Guid.NewGuid():N}.nettrace");
        var trace = Start("collect", "-p", pid.ToString(), "--profile", "dotnet-common,dotnet-sampled-thread-time", "--duration", $"00:00:00:{(int)duration.TotalSeconds:00}",
            "-o", file);
        try
        {
            // The trace session needs a moment to attach; the load then covers the whole traced window.
            await Task.Delay(TimeSpan.FromSeconds(1));
            await load();
            await trace.WaitForExitAsync();
            var exclusive = await ReportAsync(file, top, inclusive: false);
            var inclusive = await ReportAsync(file, top, inclusive: true);
            return new Frames(exclusive, inclusive);
        }
        finally
        {
            if (!trace.HasExited) trace.Kill();
            File.Delete(file);
            // The report converts the trace into a file of its own beside it.
            File.Delete(file + ".etlx");
        }
    }

    private static async Task<IReadOnlyList<string>> ReportAsync(string file, int top, bool inclusive)
    {
        // Idle pool threads are sampled too; ask for more than wanted and leave out the frames where a thread only waits for work.
        using var report = Start(["report", file, "topN", "-n", (top * 3).ToString(), .. inclusive ? new[] { "--inclusive" } : []]);
        var output = await report.StandardOutput.ReadToEndAsync();
        await report.WaitForExitAsync();
        if (report.ExitCode != 0) throw new InvalidOperationException($"dotnet-trace report failed: {output}{await report.StandardError.ReadToEndAsync()}");
        // Lines read "<rank>. <method> <time> <percent>"; the method's parameters add nothing to the table.
        return output.Split('\n').Select(l => l.Trim()).Where(l => RankedLine().IsMatch(l) && !IdleFrames.Any(l.Contains))
            .Select(l => ParametersOf().Replace(RankedLine().Replace(l, ""), "(…)")).Take(top).ToList();
    }

    /// <summary>Where a thread that has nothing to do sits: the thread pool, timers, the socket engine, the console and file watchers.</summary>
    private static readonly string[] IdleFrames =
    [
        "(Non-Activities)", "Threads", "Thread.StartCallback", "Monitor.Wait", "LowLevelLifoSemaphore", "WaitHandle.WaitOne", "Interop+Sys.Read",
        "ManualResetEventSlim.Wait", "SocketAsyncEngine", "Interop+Sys.WaitForSocketEvents", "Thread.Sleep", "PortableThreadPool", "WorkerThread",
        "TimerQueue", "BlockingCollection", "Missing Symbol", "Thread.StartCore", "SemaphoreSlim.Wait(", "ConsoleLoggerProcessor",
    ];

    private static Process Start(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet", ["tool", "run", "dotnet-trace", "--", .. arguments])
        {
            WorkingDirectory = TokenPln.Testing.LocalRunnerStack.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return Process.Start(startInfo)!;
    }

    [GeneratedRegex(@"^\d+\.\s")]
    private static partial Regex RankedLine();

    [GeneratedRegex(@"\((?:[^()]|\([^()]*\))*\)")]
    private static partial Regex ParametersOf();
}
