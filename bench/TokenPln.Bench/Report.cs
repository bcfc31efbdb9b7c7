using System.Diagnostics;
using System.Text;

namespace TokenPln.Bench;

/// <summary>A provider's sale figures: the three load levels and the CPU each sale cost (ms, over all three levels).</summary>
public sealed record SaleFigures(LoadResult One, LoadResult Sixteen, LoadResult Many, double ServiceCpuMs, double SystemCpuMs);

/// <summary>RESULTS.md: the machine first, then each figure beside its baseline, then the targets.</summary>
public sealed class Report
{
    private readonly StringBuilder _text = new();

    public Dictionary<string, SaleFigures> Sales { get; } = [];
    public List<(string Provider, string Filter, double P95Ms, double Ratio)> Dashboard { get; } = [];

    public void Machine()
    {
        Line("# TokenPln benchmark results");
        Line("");
        Line($"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC by `bench/run.sh` (one command; every figure beside its baseline, in one run).");
        Line("");
        Line("| machine | |");
        Line("|---|---|");
        Line($"| CPU | {Environment.ProcessorCount} × {CpuModel()} |");
        Line($"| memory | {MemoryGiB():0.0} GiB |");
        Line($"| OS | {System.Runtime.InteropServices.RuntimeInformation.OSDescription} |");
        Line($"| .NET | {Environment.Version} |");
        Line($"| PostgreSQL | {Command("postgres", "--version", "/usr/lib/postgresql")} (private server, fsync off as in the tests) |");
        Line($"| load generator | {Command("wrk", "--version", null)} |");
        Line("");
        Line("All traffic is on loopback; the load generator shares the machine's two cores with the system under test.");
    }

    public void Section(string title, string description)
    {
        Line("");
        Line($"## {title}");
        Line("");
        Line(description);
        Line("");
    }

    public void LoadTable(IEnumerable<(string Label, LoadResult Result)> rows)
    {
        Line("| run | requests/s | p50 ms | p90 ms | p99 ms | requests | errors |");
        Line("|---|---:|---:|---:|---:|---:|---:|");
        var list = rows.ToList();
        foreach (var (label, r) in list)
        {
            Line($"| {label} | {r.RequestsPerSecond:N0} | {r.P50Ms:0.000} | {r.P90Ms:0.000} | {r.P99Ms:0.000} | {r.Requests:N0} | {r.Errors:N0} |");
        }

        Line("");
        Line("<details><summary>commands</summary>");
        Line("");
        foreach (var (_, r) in list) Line($"    {r.Command}");
        Line("");
        Line("</details>");
    }

    public void Targets(LoadResult hop)
    {
        Section("Targets", "Reported against, not enforced by tests.");
        Line("| target | measured | met |");
        Line("|---|---|---|");
        Line($"| sidecar hop adds ≤ 1 ms at p50 | {hop.P50Ms:0.000} ms | {(hop.P50Ms <= 1 ? "yes" : "no")} |");
        foreach (var (provider, sale) in Sales)
        {
            Line($"| 1 cashier: p99 ≤ 25 ms ({provider}) | {sale.One.P99Ms:0.0} ms | {Met(sale.One.P99Ms <= 25)} |");
            Line($"| 16 cashiers: p99 ≤ 50 ms ({provider}) | {sale.Sixteen.P99Ms:0.0} ms | {Met(sale.Sixteen.P99Ms <= 50)} |");
            Line($"| 128 cashiers: ≥ 1,000 sales/s at p99 ≤ 100 ms ({provider}) | {sale.Many.RequestsPerSecond:N0}/s, p99 {sale.Many.P99Ms:0.0} ms | " +
                 $"{Met(sale.Many.RequestsPerSecond >= 1000 && sale.Many.P99Ms <= 100)} |");
            Line($"| transaction-service CPU per sale ≤ 1.0 ms ({provider}, at 128 cashiers) | {sale.ServiceCpuMs:0.00} ms | {Met(sale.ServiceCpuMs <= 1.0)} |");
            Line($"| every process of the project, CPU per sale ≤ 2.0 ms ({provider}, at 128 cashiers) | {sale.SystemCpuMs:0.00} ms | {Met(sale.SystemCpuMs <= 2.0)} |");
        }

        foreach (var group in Dashboard.GroupBy(d => d.Provider))
        {
            var worstP95 = group.MaxBy(d => d.P95Ms);
            var worstRatio = group.MaxBy(d => d.Ratio);
            Line($"| dashboard p95 ≤ 25 ms at the largest size, any filter ({group.Key}) | worst {worstP95.P95Ms:0.0} ms ({worstP95.Filter}) | {(worstP95.P95Ms <= 25 ? "yes" : "no")} |");
            Line($"| dashboard p95 largest / smallest ≤ 2 ({group.Key}) | worst {worstRatio.Ratio:0.00} ({worstRatio.Filter}) | {(worstRatio.Ratio <= 2 ? "yes" : "no")} |");
        }
    }

    public void Line(string text) => _text.AppendLine(text);

    private static string Met(bool met) => met ? "yes" : "no";

    public override string ToString() => _text.ToString();

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";

    private static double MemoryGiB() =>
        long.Parse(File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024.0 / 1024.0;

    private static string Command(string file, string argument, string? searchUnder)
    {
        var path = searchUnder is not null && Directory.Exists(searchUnder)
            ? Directory.GetDirectories(searchUnder).Select(d => Path.Combine(d, "bin", file)).FirstOrDefault(File.Exists) ?? file
            : file;
        try
        {
            using var process = Process.Start(new ProcessStartInfo(path, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return output.Split('\n')[0].Trim();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "not installed";
        }
    }
}
