using Dapr.Client;
using TokenPln.IakSandbox;
using TokenPln.IakSandbox.Admin;
using TokenPln.IakSandbox.Postpaid;
using TokenPln.IakSandbox.Prepaid;
using TokenPln.ServiceDefaults.Hosting;

// A local stand-in for IAK's development environment (prepaid.iak.dev and testpostpaid.mobilepulsa.net),
// so the system runs and is tested without the internet. Port 5199 unless APP_PORT or URLs say otherwise.
ShutdownSignals.Install(typeof(Program).Assembly);
var builder = WebApplication.CreateBuilder(args);
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
});
if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
{
    builder.WebHost.UseUrls($"http://localhost:{builder.Configuration["APP_PORT"] ?? "5199"}");
}

// Short, because nothing here is worth waiting for: hanging requests are cut when the sandbox stops (FaultInjection).
builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
builder.Services.AddSingleton<SandboxState>();
builder.Services.AddSingleton<PrepaidLedger>();
builder.Services.AddSingleton<PostpaidBook>();
builder.Services.AddSingleton<PrepaidSettlement>();
builder.Services.AddSingleton<CallbackSender>();
builder.Services.AddHostedService(sp => sp.GetRequiredService<CallbackSender>());
builder.Services.AddHttpClient(CallbackSender.DirectClient, client => client.Timeout = TimeSpan.FromSeconds(10));
// To an app id through this app's sidecar: Dapr.Client's handler rewrites http://<app-id>/... and adds DAPR_API_TOKEN, which
// therefore never reaches a direct callback URL.
builder.Services.AddHttpClient(CallbackSender.InvokeClient, client => client.Timeout = TimeSpan.FromSeconds(10))
    .AddHttpMessageHandler(() => new InvocationHandler { DaprEndpoint = $"http://127.0.0.1:{builder.Configuration["DAPR_HTTP_PORT"] ?? "3500"}" });

var app = builder.Build();
ShutdownSignals.Attach(app.Lifetime, app.Logger, builder.Configuration["APP_ID"] ?? "iak-sandbox");
app.UseMiddleware<FaultInjection>();
app.MapPrepaidApi();
app.MapPostpaidApi();
app.MapAdminApi();
app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
app.Logger.LogInformation("IAK sandbox for account {Username}; settle delay {Delay}", app.Services.GetRequiredService<SandboxState>().Username,
    app.Services.GetRequiredService<SandboxState>().Settings.SettleDelay);
await app.RunAsync();

public partial class Program;
