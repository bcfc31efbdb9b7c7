using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenPln.Contracts.Json;

/// <summary>Shift times travel as <c>"HH:mm"</c> (Asia/Jakarta wall-clock time), not the default <c>"HH:mm:ss"</c>.</summary>
public sealed class TimeOnlyHourMinuteConverter : JsonConverter<TimeOnly>
{
    public const string Format = "HH:mm";

    public override TimeOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (TimeOnly.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        throw new JsonException($"Expected a time as \"{Format}\".");
    }

    public override void Write(Utf8JsonWriter writer, TimeOnly value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
