using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>How a client talks to the services: bearer tokens, JSON bodies, an Idempotency-Key where a sale needs one.</summary>
internal static class Api
{
    public static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, string token, object? body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    /// <summary>The session token, or null when the login is refused (for example outside the shift).</summary>
    public static async Task<string?> TryLoginAsync(HttpClient users, string email, string password)
    {
        using var response = await users.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString() : null;
    }

    public static HttpClient AppClient(this LocalRunnerStack stack, string appId) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{stack.Apps[appId].AppPort}/"), Timeout = TimeSpan.FromSeconds(60) };
}
