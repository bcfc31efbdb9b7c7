using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using TokenPln.ServiceDefaults.Telemetry;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>Traces continue the sidecar's trace context and reach the database; the business gauges report what is open.</summary>
public sealed class TelemetryTests : SalesTestBase
{
    [Fact]
    public async Task A_request_carrying_the_sidecars_trace_context_is_traced_in_that_trace_down_to_the_database()
    {
        var spans = new List<Activity>();
        using var traced = Factory.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var owner = traced.CreateClient().As(TestTokens.Owner());
        var traceId = ActivityTraceId.CreateRandom();
        var parentId = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/transactions");
        request.Headers.Add("traceparent", $"00-{traceId}-{parentId}-01");

        using var response = await owner.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        List<Activity> ours;
        lock (spans) ours = spans.Where(s => s.TraceId == traceId).ToList();
        var server = ours.Where(s => s.Kind == ActivityKind.Server).ShouldHaveSingleItem();
        server.ParentSpanId.ShouldBe(parentId);
        ours.ShouldContain(s => s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal),
            "the history query is a span of the same trace");
    }

    [Fact]
    public async Task The_pending_sales_gauge_reports_the_sales_still_waiting_for_iak()
    {
        await SoldAsync(Cashier, "m-1");
        await SoldAsync(Cashier, "m-2");
        var poller = Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<StatusCheckPoller>().Single();

        await poller.PollOnceAsync(CancellationToken.None);

        ObserveGauge("tokenpln.sales.pending").ShouldBe(2);
    }

    [Fact]
    public async Task The_outbox_backlog_gauge_falls_to_zero_once_the_sidecar_took_every_event()
    {
        await SoldAsync(Cashier, "m-3");
        var dispatcher = Factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>()
            .OfType<TokenPln.ServiceDefaults.Outbox.OutboxDispatcher<Data.TransactionDbContext>>().Single();

        await dispatcher.DispatchBatchAsync(CancellationToken.None);

        ObserveGauge("tokenpln.outbox.backlog").ShouldBe(0);
        Factory.Events.Published.ShouldNotBeEmpty("the sale's events were handed over");
    }

    /// <summary>The gauge of this test's host only: meters made by its own IMeterFactory, whatever other tests run beside it.</summary>
    private long? ObserveGauge(string name)
    {
        var meterFactory = Factory.Services.GetRequiredService<IMeterFactory>();
        long? observed = null;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TokenPlnMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => observed = (observed ?? 0) + value);
        listener.Start();
        listener.RecordObservableInstruments();
        return observed;
    }
}
