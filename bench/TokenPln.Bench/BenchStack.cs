using TokenPln.Testing;

namespace TokenPln.Bench;

/// <summary>The local runner with the apps, template and settings one benchmark needs, on free ports.</summary>
public sealed class BenchStack(IReadOnlyList<string> apps, IReadOnlyDictionary<string, string> settings, string? template = null,
    bool freshDatabases = true, bool acceptDegraded = false) : LocalRunnerStack
{
    protected override bool RequiresEveryCheckHealthy => !acceptDegraded;
    protected override string? TemplateFile => template;
    protected override IReadOnlyList<string> OnlyApps => apps;
    protected override IReadOnlyDictionary<string, string> Settings => settings;

    protected override IEnumerable<KeyValuePair<string, string>> DatabaseSettings() => freshDatabases ? base.DatabaseSettings() : [];

    public string Url(string appId, string path) => $"http://127.0.0.1:{Apps[appId].AppPort}{path}";

    /// <summary>CPU time the process has used so far (user + system), from /proc.</summary>
    public TimeSpan CpuTime(int pid) => TimeSpan.FromSeconds(CpuTicks($"/proc/{pid}/stat") / 100.0);

    /// <summary>CPU time used so far by the process's threads whose name starts with <paramref name="threadName"/> (zero if none).</summary>
    public static TimeSpan ThreadCpuTime(int pid, string threadName)
    {
        var ticks = 0L;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (!File.ReadAllText(Path.Combine(task, "comm")).StartsWith(threadName, StringComparison.Ordinal)) continue;
                ticks += CpuTicks(Path.Combine(task, "stat"));
            }
            catch (IOException)
            {
                // The thread ended between the listing and the read: it has nothing more to count.
            }
        }

        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    public IEnumerable<(string Name, int Pid)> Processes() =>
        Apps.Values.Where(a => a.Pid is not null).Select(a => (a.AppId, a.Pid!.Value)).Append(("local runner (sidecars, broker)", RunnerProcessId));

    /// <summary>The most resident memory the process has had (VmHWM), in MiB.</summary>
    public double PeakMemoryMiB(string appId)
    {
        var line = File.ReadLines($"/proc/{Apps[appId].Pid}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0;
    }

    /// <summary>User + system clock ticks from a process's or thread's <c>stat</c> file.</summary>
    private static long CpuTicks(string statPath)
    {
        var fields = File.ReadAllText(statPath).Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        // Fields 14 and 15 of stat (utime, stime), counted from the state field that follows the command name.
        return long.Parse(fields[11]) + long.Parse(fields[12]);
    }
}
