using System.Globalization;
using System.Text.Json;

namespace TokenPln.Iak;

/// <summary>IAK sends the same field as a number on one endpoint and a string on another; read both.</summary>
public static class LenientJson
{
    public static JsonElement? Get(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? Text(this JsonElement element, string name) => element.Get(name) switch
    {
        { ValueKind: JsonValueKind.String } s => ReadString(s),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        { ValueKind: JsonValueKind.True } => "true",
        { ValueKind: JsonValueKind.False } => "false",
        _ => null,
    };

    /// <summary>A whole number (IAK's amounts carry no cents); absent when it is no number or out of range.</summary>
    public static long? Long(this JsonElement element, string name) =>
        element.Text(name) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value)
            && value is >= long.MinValue and <= long.MaxValue
            ? (long)Math.Round(value)
            : null;

    public static int? Int(this JsonElement element, string name) =>
        element.Long(name) is { } value and >= int.MinValue and <= int.MaxValue ? (int)value : null;

    /// <summary>
    /// JSON may escape half a surrogate pair, which is no text at all; reading it throws. IAK never sends one, so such a
    /// field is treated as absent and the answer is judged without it.
    /// </summary>
    private static string? ReadString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
