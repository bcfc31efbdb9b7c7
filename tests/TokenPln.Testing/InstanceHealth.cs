using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.Testing;

public static class InstanceHealth
{
    /// <summary>
    /// What an orchestrator would see of this instance: <c>/alive</c>'s status code and the database check of <c>/health</c>
    /// (the sidecar check is left out: no sidecar runs in a functional test).
    /// </summary>
    public static async Task<(HttpStatusCode Alive, string? Database)> ProbeAsync(HttpClient client)
    {
        using var alive = await client.GetAsync("/alive");
        using var health = await client.GetAsync("/health");
        var report = await health.Content.ReadFromJsonAsync<JsonElement>();
        return (alive.StatusCode, report.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
