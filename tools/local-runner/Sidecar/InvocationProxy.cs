using System.Net;
using Microsoft.AspNetCore.Http.Features;
using TokenPln.LocalRunner.Resources;
using TokenPln.LocalRunner.Tracing;

namespace TokenPln.LocalRunner.Sidecar;

/// <summary>
/// Service invocation as daprd does it over HTTP: by app id, by HTTPEndpoint name or by URL; path, query,
/// headers and status codes passed through; the target's resiliency policy applied; sidecar failures as
/// 500 <c>ERR_DIRECT_INVOKE</c>.
/// </summary>
internal sealed class InvocationProxy(Topology topology, SecretResolver secrets, Tracer tracer, ILogger<InvocationProxy> logger)
{
    private const string InvokePrefix = "/v1.0/invoke/";

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Finds target and method from the <c>dapr-app-id</c> header or the invoke URL; null when neither names one.</summary>
    public static (string Target, string MethodAndQuery)? ParseTarget(HttpContext context)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        if (context.Request.Headers.TryGetValue(HopHeaders.AppIdHeader, out var headerId) && headerId.ToString().Length > 0)
        {
            return (headerId.ToString(), rawTarget.TrimStart('/'));
        }

        if (!rawTarget.StartsWith(InvokePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = rawTarget[InvokePrefix.Length..];
        var marker = rest.IndexOf("/method", StringComparison.Ordinal);
        if (marker <= 0)
        {
            return null;
        }

        var method = rest[(marker + "/method".Length)..];
        return (Uri.UnescapeDataString(rest[..marker]), method.TrimStart('/'));
    }

    public async Task InvokeAsync(HttpContext context, Sidecar caller, string target, string methodAndQuery)
    {
        Uri baseUri;
        HttpEndpointResource? endpoint = null;
        Sidecar? callee = null;
        if (caller.HttpEndpoints.TryGetValue(target, out endpoint))
        {
            baseUri = endpoint.BaseUrl;
        }
        else if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            baseUri = new Uri(target);
        }
        else if (topology.Resolve(target) is { } resolved)
        {
            callee = resolved;
            baseUri = callee.AppBaseUri;
        }
        else
        {
            await DaprErrors.Write(context, 500, "ERR_DIRECT_INVOKE", $"failed to invoke, id: {target}, err: couldn't find service: {target}");
            return;
        }

        var upstreamUri = new Uri(baseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + methodAndQuery);
        var policy = caller.PolicyFor(target);
        var breaker = caller.BreakerFor(target, policy);
        var body = await ReadBodyAsync(context, buffer: policy.Retry is not null);
        var span = tracer.StartClientSpan(context, caller.AppId, $"/{upstreamUri.AbsolutePath.TrimStart('/')}");

        for (var attempt = 1; ; attempt++)
        {
            if (breaker is not null && !breaker.TryEnter())
            {
                await DaprErrors.Write(context, 500, "ERR_DIRECT_INVOKE", $"failed to invoke, id: {target}, err: circuit breaker is open");
                tracer.Finish(span, 500);
                return;
            }

            if (attempt > 1 && callee is not null && topology.Resolve(target) is { } next && next != callee)
            {
                // A retry goes to the instance name resolution picks now, as daprd's does: not again to one that just failed.
                callee = next;
                upstreamUri = new Uri(callee.AppBaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/" + methodAndQuery);
            }

            HttpResponseMessage? response;
            string? error;
            try
            {
                (response, error) = await SendOnceAsync(context, caller, callee, endpoint, upstreamUri, body, span, policy.Timeout);
            }
            catch (OperationCanceledException)
            {
                breaker?.Abandon();
                throw;
            }

            var status = response is null ? 0 : (int)response.StatusCode;
            var failed = response is null || status < 200 || status > 399;
            breaker?.Record(!failed);

            var retryable = failed && policy.Retry is { } retry
                && (retry.Forever || attempt <= retry.MaxRetries)
                && (response is null || retry.RetryStatusCodes is null || retry.RetryStatusCodes.Contains(status))
                && !context.RequestAborted.IsCancellationRequested;
            if (retryable)
            {
                response?.Dispose();
                logger.LogWarning("{Caller} -> {Target} attempt {Attempt} failed ({Reason}); retrying", caller.AppId, target, attempt, error ?? $"HTTP {status}");
                await Task.Delay(policy.Retry!.DelayFor(attempt), context.RequestAborted);
                continue;
            }

            if (response is null)
            {
                logger.LogWarning("{Caller} -> {Target} {Path} failed: {Error}", caller.AppId, target, upstreamUri.AbsolutePath, error);
                await DaprErrors.Write(context, 500, "ERR_DIRECT_INVOKE", $"failed to invoke, id: {target}, err: {error}");
                tracer.Finish(span, 500);
                return;
            }

            using (response)
            {
                await CopyResponseAsync(context, response);
            }

            tracer.Finish(span, status);
            return;
        }
    }

    private async Task<(HttpResponseMessage? Response, string? Error)> SendOnceAsync(HttpContext context, Sidecar caller, Sidecar? callee,
        HttpEndpointResource? endpoint, Uri upstreamUri, RequestBody body, Span span, TimeSpan? timeout)
    {
        if (callee is not null && !callee.AppRunning)
        {
            return (null, $"app {callee.AppId} is not running (connection refused on port {callee.AppPort})");
        }

        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), upstreamUri) { Content = body.CreateContent() };
        CopyRequestHeaders(context, request, body);
        request.Headers.TryAddWithoutValidation("traceparent", span.TraceParent);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1");
        request.Headers.TryAddWithoutValidation("X-Forwarded-Host", context.Request.Host.Value);
        if (callee is not null)
        {
            request.Headers.TryAddWithoutValidation("dapr-caller-app-id", caller.AppId);
            request.Headers.TryAddWithoutValidation("dapr-callee-app-id", callee.AppId);
            if (callee.AppApiToken is { } appToken)
            {
                request.Headers.TryAddWithoutValidation(HopHeaders.ApiToken, appToken);
            }
        }

        if (endpoint is not null)
        {
            foreach (var header in endpoint.Headers)
            {
                // HTTPEndpoint headers override the caller's headers of the same name.
                request.Headers.Remove(header.Name);
                request.Headers.TryAddWithoutValidation(header.Name, secrets.ResolveHeader(caller, endpoint, header));
            }
        }

        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout is { } limit)
        {
            attemptTimeout.CancelAfter(limit);
        }

        try
        {
            var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, attemptTimeout.Token);
            return (response, null);
        }
        catch (HttpRequestException ex)
        {
            return (null, $"error invoking app channel: {upstreamUri.GetLeftPart(UriPartial.Path)}: {ex.Message}");
        }
        catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
        {
            return (null, $"error invoking app channel: {upstreamUri.GetLeftPart(UriPartial.Path)}: context deadline exceeded ({timeout})");
        }
    }

    private void CopyRequestHeaders(HttpContext context, HttpRequestMessage request, RequestBody body)
    {
        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopHeaders.IsHopByHop(name) || name.Equals(HopHeaders.AppIdHeader, StringComparison.OrdinalIgnoreCase)
                || name.Equals("traceparent", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // With API-token auth on, daprd consumes the caller's token; the callee's APP_API_TOKEN replaces it. A caller's own
            // header must never reach an app as if its sidecar had sent it.
            if (name.Equals(HopHeaders.ApiToken, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()) && request.Content is not null)
            {
                request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        if (request.Content is not null && body.Length is { } length)
        {
            request.Content.Headers.ContentLength = length;
        }
    }

    private static async Task CopyResponseAsync(HttpContext context, HttpResponseMessage response)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.IsHopByHop(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            context.Response.ContentLength = length;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
        await stream.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task<RequestBody> ReadBodyAsync(HttpContext context, bool buffer)
    {
        var hasBody = context.Request.ContentLength > 0
            || context.Request.Headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);
        if (!hasBody)
        {
            return RequestBody.Empty;
        }

        if (!buffer)
        {
            return new RequestBody(null, context.Request.Body, context.Request.ContentLength);
        }

        using var memory = new MemoryStream();
        await context.Request.Body.CopyToAsync(memory, context.RequestAborted);
        return new RequestBody(memory.ToArray(), null, memory.Length);
    }

    /// <summary>Streams the body once, or buffers it when a retry policy may replay it, as daprd does.</summary>
    private sealed record RequestBody(byte[]? Buffered, Stream? Stream, long? Length)
    {
        public static readonly RequestBody Empty = new(null, null, null);

        public HttpContent? CreateContent() => Buffered is not null
            ? new ByteArrayContent(Buffered)
            : Stream is not null ? new StreamContent(Stream) : null;
    }
}
