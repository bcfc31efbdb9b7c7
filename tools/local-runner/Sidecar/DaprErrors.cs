using System.Text.Json;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>The sidecar's own error bodies: <c>{"errorCode": "...", "message": "..."}</c>.</summary>
internal static class DaprErrors
{
    public static Task Write(HttpContext context, int status, string errorCode, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new { errorCode, message }), context.RequestAborted);
    }
}
