using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using TokenPln.ServiceClients;
using TokenPln.ServiceClients.Resilience;

namespace TokenPln.ServiceDefaults.UnitTests;

/// <summary>The resilience of a client between apps, registered as the services register it and configured from <c>Resilience:&lt;client&gt;</c>.</summary>
public class ClientResilienceTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["Resilience:test:MaxRetryAttempts"] = "2",
        ["Resilience:test:RetryBaseDelay"] = "00:00:00.001",
        ["Resilience:test:AttemptTimeout"] = "00:00:05",
        ["Resilience:test:TotalTimeout"] = "00:00:10",
        ["Resilience:test:CircuitBreakerMinimumThroughput"] = "3",
        ["Resilience:test:CircuitBreakerFailureRatio"] = "1.0",
        ["Resilience:test:CircuitBreakerBreakDuration"] = "00:00:30",
    };

    [Fact]
    public async Task Retries_an_idempotent_get_on_a_transient_failure()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.OK));
        var (client, _) = Client(recorder);

        using var response = await client.GetAsync("api/office-hours");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        recorder.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Never_retries_a_post_that_is_not_marked_idempotent()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var (client, _) = Client(recorder);

        using var response = await client.PostAsync("pay", new StringContent("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        recorder.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_a_post_marked_idempotent_and_resends_its_body()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway), _ => new HttpResponseMessage(HttpStatusCode.OK));
        var (client, _) = Client(recorder);
        using var request = new HttpRequestMessage(HttpMethod.Post, "top-up") { Content = new StringContent("{\"ref_id\":\"INV-1\"}") };

        using var response = await client.SendAsync(request.MarkIdempotent());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        recorder.Requests.Select(r => r.Body).ShouldBe(["{\"ref_id\":\"INV-1\"}", "{\"ref_id\":\"INV-1\"}"]);
    }

    [Fact]
    public async Task Does_not_retry_a_client_error()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        var (client, _) = Client(recorder);

        using var response = await client.GetAsync("api/office-hours/99");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        recorder.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Opens_the_circuit_after_repeated_failures_and_then_fails_fast()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var (client, _) = Client(recorder, new() { ["Resilience:test:MaxRetryAttempts"] = "0" });

        for (var i = 0; i < 3; i++)
        {
            using var failed = await client.PostAsync("pay", null);
        }

        await Should.ThrowAsync<BrokenCircuitException>(() => client.PostAsync("pay", null));
        recorder.Requests.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Each_attempt_is_cut_by_the_configured_attempt_timeout_and_a_get_is_tried_again()
    {
        var hangsOnce = new HangsOnce();
        var (client, _) = Client(hangsOnce, new() { ["Resilience:test:AttemptTimeout"] = "00:00:00.2" });

        using var response = await client.GetAsync("api/office-hours");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        hangsOnce.Calls.ShouldBe(2);
    }

    [Fact]
    public async Task Logs_each_retry_and_the_opening_of_the_circuit()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable));
        var (client, logs) = Client(recorder);

        using (await client.GetAsync("api/office-hours")) { }

        logs.ShouldContain(l => l.StartsWith("Retrying call of test (attempt 1) after HTTP 503"));
        logs.ShouldContain(l => l.StartsWith("Circuit to test opened"));
    }

    private static (HttpClient Client, List<string> Logs) Client(HttpMessageHandler inner, Dictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>(Fast) { ["DAPR_HTTP_ENDPOINT"] = "http://127.0.0.1:3599" };
        foreach (var (key, value) in overrides ?? []) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new List<string>();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(new ListLoggerProvider(logs)));
        services.AddHttpClient("test").AddDaprInvocation(configuration, "master-service", "test").ConfigurePrimaryHttpMessageHandler(() => inner);
        return (services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("test"), logs);
    }

    private sealed class HangsOnce : HttpMessageHandler
    {
        public int Calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref Calls) == 1)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            }

            return new HttpResponseMessage(HttpStatusCode.OK);
        }
    }
}

internal sealed class ListLoggerProvider(List<string> lines) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new ListLogger(lines);
    public void Dispose() { }

    private sealed class ListLogger(List<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (lines) lines.Add(formatter(state, exception));
        }
    }
}
