using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenPln.Contracts.Json;

/// <summary>
/// The one wire format of every service: camelCase, lowercase enums, "HH:mm" shift times. A property named twice is
/// refused rather than read "last one wins", which would let <c>"role":"cashier","role":"owner"</c> through a check
/// that read the first.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new TimeOnlyHourMinuteConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        options.AllowDuplicateProperties = false;
        return options;
    }

    public static JsonDocumentOptions DocumentOptions { get; } = new() { AllowDuplicateProperties = false };

    /// <summary>System.Text.Json reports a duplicated property as a plain <see cref="JsonException"/>; this tells it apart.</summary>
    public static bool IsDuplicateProperty(JsonException exception) =>
        exception.Message.StartsWith("Duplicate property", StringComparison.Ordinal);
}
