using System.Diagnostics;
using System.Threading.Channels;
using TokenPln.LocalRunner.Resources;

namespace TokenPln.LocalRunner.Tracing;

internal sealed record Span(string TraceId, string SpanId, string? ParentId, string Name, string AppId, DateTimeOffset Start, bool Sampled)
{
    public string TraceParent => $"00-{TraceId}-{SpanId}-{(Sampled ? "01" : "00")}";
}

/// <summary>
/// W3C trace context on every hop, as the tracing configuration asks, and spans exported to Zipkin when an
/// endpoint is configured. Export failures never affect requests; they are reported once in the log.
/// </summary>
internal sealed class Tracer : IAsyncDisposable
{
    private readonly TracingSettings _settings;
    private readonly ILogger<Tracer> _logger;
    private readonly Channel<object> _pending = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Task _exporter;
    private readonly CancellationTokenSource _stop = new();
    private bool _exportFailureReported;

    public Tracer(TracingSettings settings, ILogger<Tracer> logger)
    {
        _settings = settings;
        _logger = logger;
        _exporter = settings.ZipkinEndpoint is null ? Task.CompletedTask : Task.Run(ExportLoopAsync);
    }

    public Span StartClientSpan(HttpContext context, string appId, string name) =>
        Start(context.Request.Headers["traceparent"].ToString(), appId, name);

    public Span Start(string? incomingTraceParent, string appId, string name)
    {
        var parts = incomingTraceParent?.Split('-');
        var spanId = ActivitySpanId.CreateRandom().ToHexString();
        if (parts is { Length: 4 } && parts[1].Length == 32 && parts[2].Length == 16)
        {
            return new Span(parts[1], spanId, parts[2], name, appId, DateTimeOffset.UtcNow, parts[3].EndsWith('1'));
        }

        var sampled = _settings.SamplingRate > 0 && Random.Shared.NextDouble() < _settings.SamplingRate;
        return new Span(ActivityTraceId.CreateRandom().ToHexString(), spanId, null, name, appId, DateTimeOffset.UtcNow, sampled);
    }

    public void Finish(Span span, int statusCode)
    {
        if (!span.Sampled)
        {
            return;
        }

        var duration = DateTimeOffset.UtcNow - span.Start;
        if (_settings.Stdout)
        {
            _logger.LogInformation("span {TraceId}/{SpanId} {App} {Name} {Status} {DurationMs}ms",
                span.TraceId, span.SpanId, span.AppId, span.Name, statusCode, duration.TotalMilliseconds);
        }

        if (_settings.ZipkinEndpoint is not null)
        {
            _pending.Writer.TryWrite(new
            {
                traceId = span.TraceId,
                id = span.SpanId,
                parentId = span.ParentId,
                name = span.Name,
                kind = "CLIENT",
                timestamp = span.Start.ToUnixTimeMilliseconds() * 1000,
                duration = Math.Max(1, (long)(duration.TotalMilliseconds * 1000)),
                localEndpoint = new { serviceName = span.AppId },
                tags = new Dictionary<string, string> { ["http.status_code"] = statusCode.ToString() },
            });
        }
    }

    private async Task ExportLoopAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var batch = new List<object>();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (batch.Count < 500 && _pending.Reader.TryRead(out var span)) batch.Add(span);
            if (batch.Count == 0) continue;
            try
            {
                using var response = await http.PostAsJsonAsync(_settings.ZipkinEndpoint, batch);
                response.EnsureSuccessStatusCode();
                _exportFailureReported = false;
            }
            catch (HttpRequestException ex)
            {
                if (!_exportFailureReported)
                {
                    _logger.LogWarning("Zipkin at {Endpoint} is not reachable ({Error}); spans are dropped until it answers",
                        _settings.ZipkinEndpoint, ex.Message);
                    _exportFailureReported = true;
                }
            }

            batch.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _exporter;
        _stop.Dispose();
    }
}
