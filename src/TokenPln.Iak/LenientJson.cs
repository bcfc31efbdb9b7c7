using System.Globalization;
using System.Text.Json;

namespace TokenPln.Iak;

/// <summary>IAK sends the same field as a number on one endpoint and a string on another; read both.</summary>
internal static class LenientJson
{
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? Text(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    public static long? Long(this JsonElement element, string name) =>
        element.Text(name) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            ? (long)Math.Round(value)
            : null;

    public static int? Int(this JsonElement element, string name) => element.Long(name) is { } value ? (int)value : null;
}
