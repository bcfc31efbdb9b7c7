using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TokenPln.Bench;

public sealed record LoadResult(string Command, double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long Errors);

/// <summary>Runs wrk (Debian's package) against loopback and reads its summary and latency distribution.</summary>
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(string url, int connections, TimeSpan duration, string? script = null, params string[] headers)
    {
        var arguments = new List<string> { "-t", Math.Min(connections, Environment.ProcessorCount * 2).ToString(), "-c", connections.ToString(),
            "-d", $"{(int)duration.TotalSeconds}s", "--latency", "--timeout", "10s" };
        foreach (var header in headers) arguments.AddRange(["-H", header]);
        if (script is not null) arguments.AddRange(["-s", script]);
        arguments.Add(url);
        var command = "wrk " + string.Join(' ', arguments.Select(a => a.Contains(' ') ? $"'{a}'" : a));
        var startInfo = new ProcessStartInfo("wrk", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} failed: {output}");

        double Percentile(string p) => Milliseconds(Regex.Match(output, $@"^\s+{p}%\s+([\d.]+\w+)", RegexOptions.Multiline).Groups[1].Value);
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+([\d.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)") is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var socketErrors = Regex.Matches(output, @"(?:connect|read|write|timeout) (\d+)").Sum(x => long.Parse(x.Groups[1].Value, CultureInfo.InvariantCulture));
        return new LoadResult(command, rps, Percentile("50"), Percentile("90"), Percentile("99"), requests, non2xx + socketErrors);
    }

    private static double Milliseconds(string value)
    {
        var match = Regex.Match(value, @"^([\d.]+)(us|ms|s|m)$");
        if (!match.Success) return double.NaN;
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch { "us" => number / 1000, "ms" => number, "s" => number * 1000, _ => number * 60_000 };
    }
}
