using System.Diagnostics.Metrics;

namespace TokenPln.Iak;

/// <summary>IAK's answers by call and response code, so an operator sees a provider fault (rc 17, 106, no answer) as it starts.</summary>
public sealed class IakMetrics
{
    public const string MeterName = "TokenPln.Iak";

    private readonly Counter<long> _answers;

    public IakMetrics(IMeterFactory meterFactory) =>
        _answers = meterFactory.Create(MeterName).CreateCounter<long>("tokenpln.iak.answers", "{answer}",
            "IAK's answers by call (its path) and response code; 'none' when no answer with a code arrived.");

    public void RecordAnswer(string path, string? responseCode) =>
        _answers.Add(1, new KeyValuePair<string, object?>("iak.call", path),
            new KeyValuePair<string, object?>("iak.rc", string.IsNullOrEmpty(responseCode) ? "none" : responseCode));
}
