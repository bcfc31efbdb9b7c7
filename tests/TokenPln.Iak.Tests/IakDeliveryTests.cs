using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.Iak.Tests;

/// <summary>
/// "Certainly never sent" against "unknown", through the real retry and circuit-breaker pipeline, with the sidecar's
/// answers as daprd and the local runner give them (dapr-http-api.md, tools/local-runner/Sidecar/InvocationProxy.cs).
/// </summary>
public class IakDeliveryTests
{
    private static readonly Dictionary<string, string?> Fast = new()
    {
        ["AttemptTimeout"] = "00:00:00.3",
        ["TotalTimeout"] = "00:00:05",
        ["MaxRetryAttempts"] = "2",
        ["RetryBaseDelay"] = "00:00:00.001",
        ["CircuitBreakerMinimumThroughput"] = "100",
    };

    [Fact]
    public async Task A_sidecar_that_refuses_the_connection_means_the_top_up_was_never_sent()
    {
        var (client, attempts) = Client(_ => throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:3503)"));

        var result = await client.TopUpAsync("INV-2611300000000001", "12345678901", "hpln20000", CancellationToken.None);

        (result.Outcome, result.NeverSent).ShouldBe((IakOutcome.ProviderError, true));
        attempts.Count.ShouldBe(3, "a top-up reuses its ref_id, so it is retried");
    }

    [Theory]
    [InlineData("failed to invoke, id: iak-prepaid, err: circuit breaker is open")]
    [InlineData("failed to invoke, id: iak-prepaid, err: error invoking app channel: http://127.0.0.1:5199/api/top-up: Connection refused (127.0.0.1:5199)")]
    [InlineData("failed to invoke, id: iak-prepaid, err: dial tcp 127.0.0.1:5199: connect: connection refused")]
    public async Task The_sidecars_own_answer_that_it_could_not_forward_means_never_sent(string message)
    {
        var (client, _) = Client(_ => Sidecar(message));

        var result = await client.TopUpAsync("INV-2611300000000001", "12345678901", "hpln20000", CancellationToken.None);

        (result.Outcome, result.NeverSent).ShouldBe((IakOutcome.ProviderError, true));
    }

    [Theory]
    [InlineData("sidecar-timeout")]
    [InlineData("iak-503")]
    [InlineData("iak-500")]
    [InlineData("attempt-timeout")]
    public async Task A_timeout_or_an_error_from_iak_itself_leaves_the_outcome_unknown(string fault)
    {
        var (client, _) = ClientAsync(async token => fault switch
        {
            "sidecar-timeout" => Sidecar("failed to invoke, id: iak-prepaid, err: error invoking app channel: http://127.0.0.1:5199/api/top-up: context deadline exceeded"),
            "iak-503" => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("Service Unavailable") },
            "iak-500" => new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("""{"error":"connection refused by upstream database"}""") },
            _ => await Hang(token),
        });

        var result = await client.TopUpAsync("INV-2611300000000001", "12345678901", "hpln20000", CancellationToken.None);

        (result.Outcome, result.NeverSent).ShouldBe((IakOutcome.ProviderError, false));
    }

    [Fact]
    public async Task A_retry_refused_by_an_open_circuit_after_an_attempt_that_may_have_arrived_is_still_unknown()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => Sidecar("failed to invoke, id: iak-prepaid, err: error invoking app channel: http://127.0.0.1:5199/api/top-up: context deadline exceeded"),
            () => Sidecar("failed to invoke, id: iak-prepaid, err: circuit breaker is open"),
            () => Sidecar("failed to invoke, id: iak-prepaid, err: circuit breaker is open"),
        ]);
        var (client, _) = Client(_ => answers.Dequeue()());

        var result = await client.TopUpAsync("INV-2611300000000001", "12345678901", "hpln20000", CancellationToken.None);

        (result.Outcome, result.NeverSent).ShouldBe((IakOutcome.ProviderError, false));
    }

    [Fact]
    public async Task The_apps_own_open_circuit_means_never_sent_and_the_message_has_no_jargon()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AttemptTimeout"] = "00:00:00.3", ["TotalTimeout"] = "00:00:05", ["MaxRetryAttempts"] = "0",
            ["CircuitBreakerMinimumThroughput"] = "2", ["CircuitBreakerFailureRatio"] = "0.5", ["CircuitBreakerBreakDuration"] = "00:01:00",
        };
        var (client, attempts) = Client(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("down") }, settings);
        for (var i = 0; i < 3; i++)
        {
            await client.CheckPrepaidStatusAsync("INV-2611300000000001", CancellationToken.None);
        }

        var sent = attempts.Count;
        var result = await client.TopUpAsync("INV-2611300000000002", "12345678901", "hpln20000", CancellationToken.None);

        attempts.Count.ShouldBe(sent, "the open circuit refused it before any attempt");
        (result.Outcome, result.NeverSent).ShouldBe((IakOutcome.ProviderError, true));
        result.Message.ShouldNotContain("circuit", Case.Insensitive);
    }

    [Fact]
    public async Task Calls_go_to_the_iak_endpoints_through_the_sidecar_and_only_pay_pasca_is_never_resent()
    {
        var (client, attempts) = Client(_ => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("down") });

        var topUp = await client.TopUpAsync("INV-2611300000000001", "12345678901", "hpln20000", CancellationToken.None);
        var topUpAttempts = attempts.ToList();
        attempts.Clear();
        var payment = await client.PayBillAsync(1234, CancellationToken.None);

        topUpAttempts.ShouldBe(Enumerable.Repeat("/v1.0/invoke/iak-prepaid/method/api/top-up", 3), "a top-up reuses its ref_id");
        attempts.ShouldBe(["/v1.0/invoke/iak-postpaid/method/api/v1/bill/check"], "pay-pasca might pay twice");
        (topUp.Outcome, topUp.NeverSent, payment.Outcome, payment.NeverSent).ShouldBe((IakOutcome.ProviderError, false, IakOutcome.ProviderError, false));
    }

    [Fact]
    public async Task Every_answer_is_counted_by_call_and_response_code_and_a_missing_answer_as_none()
    {
        var answers = new Queue<HttpResponseMessage>(
        [
            new(HttpStatusCode.OK) { Content = new StringContent("""{"data":{"ref_id":"INV-1","status":2,"rc":"17","message":"BALANCE NOT ENOUGH"}}""") },
            new(HttpStatusCode.OK) { Content = new StringContent("""{"data":{"ref_id":"INV-2","status":2,"rc":"17","message":"BALANCE NOT ENOUGH"}}""") },
            new(HttpStatusCode.BadGateway) { Content = new StringContent("gateway") },
        ]);
        var (client, _, services) = Registered(_ => Task.FromResult(answers.Dequeue()), new() { ["MaxRetryAttempts"] = "0" });
        var counted = new List<(string Call, string Rc, long Count)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>())
                    && instrument.Name == "tokenpln.iak.answers")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "");
            counted.Add((tagged["iak.call"], tagged["iak.rc"], value));
        });
        listener.Start();

        await client.TopUpAsync("INV-1", "12345678901", "hpln20000", CancellationToken.None);
        await client.TopUpAsync("INV-2", "12345678901", "hpln20000", CancellationToken.None);
        await client.TopUpAsync("INV-3", "12345678901", "hpln20000", CancellationToken.None);

        counted.ShouldBe([("api/top-up", "17", 1L), ("api/top-up", "17", 1L), ("api/top-up", "none", 1L)]);
    }

    private static HttpResponseMessage Sidecar(string message) => new(HttpStatusCode.InternalServerError)
    {
        Content = new StringContent($$"""{"errorCode":"ERR_DIRECT_INVOKE","message":"{{message}}"}""", Encoding.UTF8, "application/json"),
    };

    private static async Task<HttpResponseMessage> Hang(CancellationToken token)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, token);
        throw new InvalidOperationException("unreachable");
    }

    private static (IIakClient Client, List<string> Attempts) Client(Func<CancellationToken, HttpResponseMessage> answer,
        Dictionary<string, string?>? settings = null) =>
        ClientAsync(token => Task.FromResult(answer(token)), settings);

    private static (IIakClient Client, List<string> Attempts) ClientAsync(Func<CancellationToken, Task<HttpResponseMessage>> answer,
        Dictionary<string, string?>? settings = null)
    {
        var (client, attempts, _) = Registered(answer, settings);
        return (client, attempts);
    }

    /// <summary>The IAK client as the services register it, with a scripted sidecar behind the real handlers.</summary>
    private static (IIakClient Client, List<string> Attempts, IServiceProvider Services) Registered(
        Func<CancellationToken, Task<HttpResponseMessage>> answer, Dictionary<string, string?>? settings = null)
    {
        var attempts = new List<string>();
        var values = new Dictionary<string, string?> { ["Iak:Username"] = "081234567890", ["Iak:ApiKey"] = "k", ["DAPR_HTTP_PORT"] = "3503" };
        foreach (var (key, value) in settings ?? Fast)
        {
            values[$"Resilience:iak-prepaid:{key}"] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging().AddIakClient(configuration);
        foreach (var name in new[] { IakClient.PrepaidClient, IakClient.PostpaidClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => new Scripted(answer, attempts));
        }

        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IIakClient>(), attempts, provider);
    }

    private sealed class Scripted(Func<CancellationToken, Task<HttpResponseMessage>> answer, List<string> attempts) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (attempts) attempts.Add(request.RequestUri!.AbsolutePath);
            return Answer(request, cancellationToken);
        }

        private async Task<HttpResponseMessage> Answer(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await answer(cancellationToken);
            response.RequestMessage ??= request;
            return response;
        }
    }
}
