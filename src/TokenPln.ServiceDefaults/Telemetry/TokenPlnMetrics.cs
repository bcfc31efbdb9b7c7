using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TokenPln.ServiceDefaults.Telemetry;

/// <summary>
/// The business figures an operator watches beside the runtime's own: sales still waiting for IAK's final word and events
/// not yet handed to the sidecar (IAK's answers are counted by the IAK client's own meter, <c>TokenPln.Iak</c>). The
/// gauges report the last value their owner measured, so a scrape never queries the database.
/// </summary>
public sealed class TokenPlnMetrics
{
    public const string MeterName = "TokenPln";

    private readonly ConcurrentDictionary<string, long> _outboxBacklog = new(StringComparer.Ordinal);
    private long _pendingSales = -1; // -1 until the first count: no figure rather than a false zero

    public TokenPlnMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("tokenpln.sales.pending", ObservePendingSales, "{sale}",
            "Sales whose final status IAK has not given yet.");
        meter.CreateObservableGauge("tokenpln.outbox.backlog", ObserveOutboxBacklog, "{event}",
            "Integration events stored but not yet accepted by the sidecar.");
    }

    public void RecordPendingSales(long count) => Interlocked.Exchange(ref _pendingSales, count);

    public void RecordOutboxBacklog(string outbox, long count) => _outboxBacklog[outbox] = count;

    private IEnumerable<Measurement<long>> ObservePendingSales() =>
        Interlocked.Read(ref _pendingSales) is >= 0 and var count ? [new Measurement<long>(count)] : [];

    private IEnumerable<Measurement<long>> ObserveOutboxBacklog() =>
        _outboxBacklog.Select(entry => new Measurement<long>(entry.Value, new KeyValuePair<string, object?>("outbox", entry.Key)));
}
