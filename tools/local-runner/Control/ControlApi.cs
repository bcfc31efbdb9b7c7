using System.Text.Json;

namespace TokenPln.LocalRunner.Control;

/// <summary>
/// A small loopback API for tests and operators: list apps, stop, kill or start one. Every action is logged;
/// the runner itself still never restarts anything on its own.
/// </summary>
internal sealed class ControlApi(Runner runner)
{
    public async Task HandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Trim('/').Split('/');
        var method = context.Request.Method;
        switch (segments)
        {
            case ["apps"] when HttpMethods.IsGet(method):
                await WriteJson(context, runner.DescribeApps());
                return;
            case ["pubsub"] when HttpMethods.IsGet(method):
                await WriteJson(context, runner.DescribePubSub());
                return;
            case ["apps", var appId, "start"] when HttpMethods.IsPost(method):
                context.Response.StatusCode = await runner.StartAppAsync(appId, context.RequestAborted) ? 202 : 409;
                return;
            case ["apps", var appId, "stop" or "kill"] when HttpMethods.IsPost(method):
                context.Response.StatusCode = await runner.StopAppAsync(appId, kill: segments[2] == "kill") ? 202 : 409;
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private static Task WriteJson(HttpContext context, object value)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
