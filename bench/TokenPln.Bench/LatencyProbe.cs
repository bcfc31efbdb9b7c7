using System.Diagnostics;

namespace TokenPln.Bench;

public sealed record LatencyResult(string Label, double P50Ms, double P95Ms, int Requests);

/// <summary>One request at a time, timed on this side of the socket: the latency one owner sees on the dashboard.</summary>
public static class LatencyProbe
{
    public static async Task<LatencyResult> MeasureAsync(HttpClient client, string label, string path, int requests = 200, int warmup = 20)
    {
        for (var i = 0; i < warmup; i++) (await client.GetAsync(path)).EnsureSuccessStatusCode();
        var samples = new List<double>(requests);
        for (var i = 0; i < requests; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            watch.Stop();
            response.EnsureSuccessStatusCode();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }

        samples.Sort();
        return new LatencyResult(label, samples[(int)(samples.Count * 0.50)], samples[(int)(samples.Count * 0.95)], requests);
    }
}
