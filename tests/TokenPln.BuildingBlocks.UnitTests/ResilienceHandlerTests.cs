using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using TokenPln.BuildingBlocks.Resilience;

namespace TokenPln.BuildingBlocks.UnitTests;

public class ResilienceHandlerTests
{
    private static readonly ClientResilienceOptions Fast = new()
    {
        MaxRetryAttempts = 2,
        RetryBaseDelay = TimeSpan.FromMilliseconds(1),
        AttemptTimeout = TimeSpan.FromSeconds(5),
        TotalTimeout = TimeSpan.FromSeconds(10),
        CircuitBreakerMinimumThroughput = 3,
        CircuitBreakerFailureRatio = 1.0,
        CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30),
    };

    [Fact]
    public async Task Retries_an_idempotent_get_on_a_transient_failure()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(recorder);

        using var response = await client.GetAsync("http://master-service/api/office-hours");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        recorder.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Never_retries_a_post_that_is_not_marked_idempotent()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        using var client = Client(recorder);

        using var response = await client.PostAsync("http://iak/pay", new StringContent("{}"));

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        recorder.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_a_post_marked_idempotent_and_resends_its_body()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.BadGateway), _ => new HttpResponseMessage(HttpStatusCode.OK));
        using var client = Client(recorder);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://iak/top-up") { Content = new StringContent("{\"ref_id\":\"INV-1\"}") };

        using var response = await client.SendAsync(request.MarkIdempotent());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        recorder.Requests.Select(r => r.Body).ShouldBe(["{\"ref_id\":\"INV-1\"}", "{\"ref_id\":\"INV-1\"}"]);
    }

    [Fact]
    public async Task Does_not_retry_a_client_error()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound));
        using var client = Client(recorder);

        using var response = await client.GetAsync("http://master-service/api/office-hours/99");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        recorder.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Opens_the_circuit_after_repeated_failures_and_then_fails_fast()
    {
        var recorder = new RecordingHandler(_ => new HttpResponseMessage(HttpStatusCode.InternalServerError));
        var settings = new ClientResilienceOptions
        {
            MaxRetryAttempts = 0,
            CircuitBreakerMinimumThroughput = 3,
            CircuitBreakerFailureRatio = 1.0,
            CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30),
        };
        using var client = Client(recorder, settings);

        for (var i = 0; i < 3; i++)
        {
            using var failed = await client.PostAsync("http://iak/pay", null);
        }

        await Should.ThrowAsync<BrokenCircuitException>(() => client.PostAsync("http://iak/pay", null));
        recorder.Requests.Count.ShouldBe(3);
    }

    private static HttpClient Client(HttpMessageHandler inner, ClientResilienceOptions? settings = null)
    {
        var monitor = new StaticOptionsMonitor(settings ?? Fast);
        var pipelines = new HttpResiliencePipelines(monitor, NullLoggerFactory.Instance);
        return new HttpClient(new ResilienceHandler(pipelines, "test-" + Guid.NewGuid()) { InnerHandler = inner });
    }

    private sealed class StaticOptionsMonitor(ClientResilienceOptions value) : IOptionsMonitor<ClientResilienceOptions>
    {
        public ClientResilienceOptions CurrentValue => value;
        public ClientResilienceOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<ClientResilienceOptions, string?> listener) => null;
    }
}
