using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.Testing;

/// <summary>
/// Sends a service malformed, mistyped, oversized and hostile requests, route by route, and collects every answer
/// that breaks the rules: no 5xx ever; a refusal is a 4xx problem with a <c>code</c> (or DROP, for an event); and a
/// refused request leaves the database exactly as it was.
/// </summary>
public sealed partial class BadInputProbe(HttpClient client, Func<Task<string>> snapshot)
{
    /// <summary>A route that takes a body, with a valid body to start from; <paramref name="Path"/> has its parameters filled in.</summary>
    public sealed record BodyRoute(string Route, string Path, string? Token, string SampleJson, BodyKind Kind = BodyKind.Api,
        Func<IEnumerable<KeyValuePair<string, string>>>? Headers = null)
    {
        public bool IsEvent => Kind == BodyKind.Event;
    }

    public enum BodyKind
    {
        /// <summary>Our own API: strict about shape, types and text.</summary>
        Api,

        /// <summary>A pub/sub delivery: an unreadable one is answered DROP; fields added by newer publishers are tolerated.</summary>
        Event,

        /// <summary>IAK's callback: read leniently on purpose (IAK sends numbers as strings and back), so only unreadable JSON must be refused.</summary>
        ProviderCallback,
    }

    private enum Expect
    {
        /// <summary>The request is wrong on its face: it must be refused.</summary>
        Refusal,

        /// <summary>The request may be fine (a name that looks like SQL is still a name): it must not crash, and a refusal changes nothing.</summary>
        NoCrash,
    }

    private static readonly string Overlong = new('x', 5000);
    private const string ControlCharacters = "Kasir\u0000\u0007\u001b[31m";
    /// <summary>Stands for half a surrogate pair, which JsonNode would write as U+FFFD; swapped for the raw escape on sending.</summary>
    private const string LoneSurrogate = "lone-surrogate-placeholder";
    private static readonly string[] HostileText =
        ["'; DROP TABLE users; --", "\" OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://127.0.0.1/a}", "../../etc/passwd", "{{7*7}}"];

    private readonly List<string> _failures = [];

    public int RequestsSent { get; private set; }

    /// <summary>"path?name" of every query parameter probed, so a test can see its parameters were found at all.</summary>
    public List<string> ProbedQueryParameters { get; } = [];
    public IReadOnlyList<string> Failures => _failures;

    public async Task ProbeBodyAsync(BodyRoute route)
    {
        foreach (var (what, contentType, body, expect) in BodyCases(route.SampleJson, route.Kind))
        {
            await SendAsync(route, route.Path, what, contentType, body, expect);
        }
    }

    /// <summary>Each path parameter replaced by values no route should accept.</summary>
    public async Task ProbePathAsync(BodyRoute route)
    {
        foreach (var bad in new[] { "abc", "-1", "0", "99999999999999999999", "%27%20OR%201%3D1--", "%3Cscript%3E", new string('9', 300) })
        {
            var path = RouteParameter().Replace(route.Route[(route.Route.IndexOf(' ') + 1)..], bad);
            await SendAsync(route, path, $"path value {bad[..Math.Min(bad.Length, 20)]}", "application/json", route.SampleJson, Expect.Refusal);
        }
    }

    /// <summary>Every query parameter the route declares, given values of the wrong type, out of range, overlong and hostile.</summary>
    public async Task ProbeQueryAsync(IServiceProvider services, string path, string? token)
    {
        var description = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Single(d => d.HttpMethod == "GET" && "/" + d.RelativePath!.TrimEnd('/') == path.TrimEnd('/'));
        var route = new BodyRoute("GET " + path, path, token, "");
        foreach (var parameter in description.ParameterDescriptions.Where(p => p.Source == BindingSource.Query))
        {
            ProbedQueryParameters.Add($"{path}?{parameter.Name}");
            var type = Nullable.GetUnderlyingType(parameter.Type) ?? parameter.Type;
            var typed = type != typeof(string);
            string[] values = ["abc", "-1", "0", "1.5", "99999999999999999999", "2026-13-45", Overlong, "\u0001", LoneSurrogate, .. HostileText];
            foreach (var value in values)
            {
                var parses = type == typeof(string) || (type == typeof(int) && int.TryParse(value, out _)) || (type == typeof(bool) && bool.TryParse(value, out _));
                var escaped = value == LoneSurrogate ? "%ED%A0%80" : Uri.EscapeDataString(value);
                var query = $"{path}?{parameter.Name}={escaped}";
                await SendAsync(route, query, $"?{parameter.Name}={value[..Math.Min(value.Length, 20)]}", null, null,
                    typed && !parses ? Expect.Refusal : Expect.NoCrash);
            }
        }
    }

    private static IEnumerable<(string What, string ContentType, string Body, Expect Expect)> BodyCases(string sampleJson, BodyKind kind)
    {
        const string json = "application/json";
        foreach (var malformed in new[] { "{\"a\":", "not json", "", "null", "[]", "\"text\"", "123", "{\"a\":1,}", "{'single':'quotes'}" })
        {
            yield return ($"malformed body {malformed}", json, malformed, Expect.Refusal);
        }

        if (kind != BodyKind.Event) yield return ("JSON sent as text/plain", "text/plain", sampleJson, Expect.Refusal);
        var strict = kind == BodyKind.Api;
        var sample = JsonNode.Parse(sampleJson)!.AsObject();
        yield return ("an extra field", json, With(sample, [], (o, _) => o["unexpected"] = 1), strict ? Expect.Refusal : Expect.NoCrash);
        yield return ("a body over the size limit", json, With(sample, [], (o, _) => o["padding"] = new string('x', 70_000)), Expect.Refusal);
        foreach (var (path, value) in Leaves(sample, []))
        {
            var name = string.Join('.', path);
            yield return ($"{name} missing", json, With(sample, path, (o, n) => o.Remove(n)), Expect.NoCrash);
            yield return ($"{name} null", json, With(sample, path, (o, n) => o[n] = null), Expect.NoCrash);
            foreach (var (what, wrong) in WrongTypes(value))
            {
                yield return ($"{name} as {what}", json, With(sample, path, (o, n) => o[n] = wrong()), kind == BodyKind.ProviderCallback ? Expect.NoCrash : Expect.Refusal);
            }

            if (value?.GetValueKind() == JsonValueKind.String && kind != BodyKind.Event)
            {
                var refuse = strict ? Expect.Refusal : Expect.NoCrash;
                yield return ($"{name} overlong", json, With(sample, path, (o, n) => o[n] = Overlong), refuse);
                yield return ($"{name} with control characters", json, With(sample, path, (o, n) => o[n] = ControlCharacters), refuse);
                yield return ($"{name} with a lone surrogate", json, With(sample, path, (o, n) => o[n] = LoneSurrogate), refuse);
                foreach (var hostile in HostileText)
                {
                    yield return ($"{name} = {hostile}", json, With(sample, path, (o, n) => o[n] = hostile), Expect.NoCrash);
                }
            }

            if (value?.GetValueKind() == JsonValueKind.Number
                || (value?.GetValueKind() == JsonValueKind.String && decimal.TryParse(value.GetValue<string>(), out _)))
            {
                foreach (var number in new[] { "-1", "0", "1.5", "-99999999999", "1e30", "99999999999999999999999" })
                {
                    var asText = value.GetValueKind() == JsonValueKind.String;
                    yield return ($"{name} = {number}", json, With(sample, path, (o, n) => o[n] = asText ? JsonValue.Create(number) : JsonNode.Parse(number)),
                        Expect.NoCrash);
                }
            }
        }
    }

    /// <summary>Every field, nested ones included, by its path of property names.</summary>
    private static IEnumerable<(string[] Path, JsonNode? Value)> Leaves(JsonObject node, string[] parent)
    {
        foreach (var (name, value) in node)
        {
            string[] path = [.. parent, name];
            yield return (path, value);
            if (value is JsonObject nested)
            {
                foreach (var leaf in Leaves(nested, path)) yield return leaf;
            }
        }
    }

    private static IEnumerable<(string What, Func<JsonNode> Value)> WrongTypes(JsonNode? value)
    {
        var kind = value?.GetValueKind();
        if (kind != JsonValueKind.String) yield return ("a string", () => JsonValue.Create("abc"));
        if (kind != JsonValueKind.Number) yield return ("a number", () => JsonValue.Create(12345));
        if (kind is not (JsonValueKind.True or JsonValueKind.False)) yield return ("a boolean", () => JsonValue.Create(true));
        yield return ("an object", () => new JsonObject { ["nested"] = 1 });
        yield return ("an array", () => new JsonArray(1, 2));
    }

    /// <summary>A copy of <paramref name="sample"/> with <paramref name="change"/> applied to the field at <paramref name="path"/>.</summary>
    private static string With(JsonObject sample, string[] path, Action<JsonObject, string> change)
    {
        var copy = sample.DeepClone().AsObject();
        var parent = copy;
        foreach (var name in path.SkipLast(1))
        {
            parent = parent[name]!.AsObject();
        }

        change(parent, path.LastOrDefault() ?? "");
        return copy.ToJsonString().Replace($"\"{LoneSurrogate}\"", "\"Kasir\\ud800\"", StringComparison.Ordinal);
    }

    private async Task SendAsync(BodyRoute route, string path, string what, string? contentType, string? body, Expect expect)
    {
        var before = await snapshot();
        using var request = new HttpRequestMessage(new HttpMethod(route.Route[..route.Route.IndexOf(' ')]), path);
        if (body is not null && contentType is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = contentType == "text/plain" ? "utf-8" : null };
        }

        if (route.Token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", route.Token);
        foreach (var (name, value) in route.Headers?.Invoke() ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        RequestsSent++;
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var refused = status >= 400 || (route.IsEvent && text.Contains("\"DROP\"", StringComparison.Ordinal));
        var label = $"{route.Route}: {what}";
        if (status >= 500)
        {
            _failures.Add($"{label} -> {status} {Truncate(text)}");
            return;
        }

        if (expect == Expect.Refusal && !refused)
        {
            _failures.Add($"{label} -> accepted with {status}, must be refused");
        }

        if (status >= 400 && !HasCode(response, text))
        {
            _failures.Add($"{label} -> {status} without problem details and a code: {Truncate(text)}");
        }

        if (refused && await snapshot() != before)
        {
            _failures.Add($"{label} -> refused with {status}, but the database changed");
        }
    }

    private static bool HasCode(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 };
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "…" : text;

    [GeneratedRegex(@"\{[A-Za-z]+(?::[^}]*)?\}")]
    private static partial Regex RouteParameter();
}
