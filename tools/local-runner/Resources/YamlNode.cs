using System.Globalization;
using TokenPln.LocalRunner.Template;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TokenPln.LocalRunner.Resources;

/// <summary>A loosely typed view of one YAML document, with paths in error messages.</summary>
internal sealed class YamlNode(object? value, string path)
{
    public string Path { get; } = path;
    public object? Value { get; } = value;

    public static IEnumerable<YamlNode> LoadDocuments(string file)
    {
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StreamReader(file);
        var parser = new Parser(reader);
        parser.Consume<StreamStart>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var document = deserializer.Deserialize<object?>(parser);
            if (document is not null)
            {
                yield return new YamlNode(document, System.IO.Path.GetFileName(file));
            }
        }
    }

    public YamlNode this[string key] =>
        new(Value is IDictionary<object, object> map && map.TryGetValue(key, out var child) ? child : null, $"{Path}.{key}");

    public bool Exists => Value is not null;

    public IEnumerable<string> Keys => Value is IDictionary<object, object> map ? map.Keys.Select(k => k.ToString()!) : [];

    public IEnumerable<YamlNode> Items =>
        Value is IList<object> list ? list.Select((item, i) => new YamlNode(item, $"{Path}[{i}]")) : [];

    public string? String => Value switch
    {
        null => null,
        string s => s,
        _ => Convert.ToString(Value, CultureInfo.InvariantCulture),
    };

    public string RequiredString => String ?? throw new RunnerConfigurationException($"{Path} is required.");

    public int? Int => String is { } s ? int.TryParse(s, out var i) ? i : throw new RunnerConfigurationException($"{Path}: '{s}' is not a number.") : null;

    public bool? Bool => String is { } s ? bool.TryParse(s, out var b) ? b : throw new RunnerConfigurationException($"{Path}: '{s}' is not true/false.") : null;

    public TimeSpan? Duration => String is { } s ? GoDuration.Parse(s, Path) : null;

    public IReadOnlyList<string> StringList => Items.Select(i => i.RequiredString).ToList();

    /// <summary>Fails on any key outside <paramref name="allowed"/>: an unknown setting is never silently ignored.</summary>
    public void OnlyKeys(params string[] allowed)
    {
        var unknown = Keys.Except(allowed).ToList();
        if (unknown.Count > 0)
        {
            throw new RunnerConfigurationException(
                $"{Path}: {string.Join(", ", unknown)} not supported by the local runner (supported: {string.Join(", ", allowed)}).");
        }
    }
}

/// <summary>Go duration strings as Dapr writes them: 500ms, 15s, 1m30s, 2h.</summary>
internal static class GoDuration
{
    public static TimeSpan Parse(string text, string path)
    {
        var total = TimeSpan.Zero;
        var rest = text.Trim();
        if (rest == "0") return TimeSpan.Zero;
        while (rest.Length > 0)
        {
            var digits = 0;
            while (digits < rest.Length && (char.IsDigit(rest[digits]) || rest[digits] == '.')) digits++;
            var unitLength = 0;
            while (digits + unitLength < rest.Length && char.IsLetter(rest[digits + unitLength])) unitLength++;
            if (digits == 0 || unitLength == 0 || !double.TryParse(rest[..digits], CultureInfo.InvariantCulture, out var amount))
            {
                throw new RunnerConfigurationException($"{path}: '{text}' is not a duration such as 500ms or 15s.");
            }

            total += rest.Substring(digits, unitLength) switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                var unit => throw new RunnerConfigurationException($"{path}: unit '{unit}' in '{text}' is not supported."),
            };
            rest = rest[(digits + unitLength)..];
        }

        return total;
    }
}
