namespace TokenPln.IakSandbox;

/// <summary>
/// The provider's bad days, applied to IAK's API only (never to <c>/sandbox</c>): an outage answers 503, a
/// timeout hangs past any client's patience, an error answers 500, a malformed answer is cut-off JSON,
/// a lost answer is a request IAK carried out whose answer never arrives (the dangerous one: a blind retry
/// would sell twice), and latency delays everything.
/// </summary>
internal sealed class FaultInjection(RequestDelegate next, SandboxState state, IHostApplicationLifetime lifetime, ILogger<FaultInjection> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            await next(context);
            return;
        }

        var settings = state.Settings;
        if (settings.Latency > TimeSpan.Zero && !await WaitAsync(context, settings.Latency))
        {
            return;
        }

        if (settings.Outage)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            await context.Response.WriteAsync("Service Unavailable");
            return;
        }

        if (Roll(settings.TimeoutRate))
        {
            logger.LogInformation("Injected timeout on {Path}", context.Request.Path);
            await WaitAsync(context, SandboxSettings.HangFor);
            return;
        }

        if (Roll(settings.ErrorRate))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("Internal Server Error");
            return;
        }

        if (Roll(settings.MalformedRate))
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"data\":{\"rc\":");
            return;
        }

        if (Roll(settings.LostAnswerRate))
        {
            var answer = context.Response.Body;
            context.Response.Body = Stream.Null;
            await next(context);
            context.Response.Body = answer;
            logger.LogInformation("Carried out {Path} and lost its answer", context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            await context.Response.WriteAsync("Gateway Timeout");
            return;
        }

        await next(context);
    }

    /// <summary>
    /// Waits out an injected delay; false when the caller went away or the sandbox is stopping. A stopping sandbox
    /// drops the connection, as a provider that goes away would, instead of holding its shutdown for minutes.
    /// </summary>
    private async Task<bool> WaitAsync(HttpContext context, TimeSpan delay)
    {
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await Task.Delay(delay, cut.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            context.Abort();
            return false;
        }
    }

    private static bool Roll(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;
}
