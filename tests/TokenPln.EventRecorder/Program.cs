using System.Collections.Concurrent;
using System.Text.Json;

// A listener of transaction-status-changed for the system tests: it subscribes through its sidecar like any other
// app, acknowledges every delivery, and shows what it received (duplicates included) at GET /received.
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseUrls($"http://127.0.0.1:{builder.Configuration["APP_PORT"] ?? "5198"}");
var app = builder.Build();
var received = new ConcurrentQueue<JsonElement>();

app.MapGet("/dapr/subscribe", () => new[] { new { pubsubname = "pubsub", topic = "transaction-status-changed", route = "/events" } });
app.MapPost("/events", async (HttpRequest request) =>
{
    using var envelope = await JsonDocument.ParseAsync(request.Body);
    received.Enqueue(envelope.RootElement.Clone());
    return Results.Ok(new { status = "SUCCESS" });
});
app.MapGet("/received", () => received.ToArray());
app.MapGet("/health", () => Results.Ok(new { status = "Healthy" }));
app.Run();
