namespace TokenPln.Bench;

/// <summary>The baseline: a bare Kestrel endpoint answering a small JSON, nothing else in the pipeline.</summary>
public static class EchoServer
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Environment.GetEnvironmentVariable("APP_PORT") ?? "5299"}");
        var app = builder.Build();
        app.MapGet("/ping", () => Results.Text("""{"ok":true,"service":"echo"}""", "application/json"));
        app.MapGet("/health", () => Results.Ok());
        await app.RunAsync();
    }
}
