using System.Text.Json;
using System.Text.Json.Serialization;

namespace TokenPln.BuildingBlocks.Json;

/// <summary>The one wire format of every service: camelCase, lowercase enums, "HH:mm" shift times.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new TimeOnlyHourMinuteConverter());
        options.NumberHandling = JsonNumberHandling.Strict;
        return options;
    }
}
