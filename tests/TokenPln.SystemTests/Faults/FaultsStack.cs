namespace TokenPln.SystemTests.Faults;

/// <summary>
/// The whole system with the event recorder (the web app included, whose logs the secrets test reads too), and IAK calls that
/// give up after seconds rather than the production tens of seconds.
/// </summary>
public sealed class FaultsStack() : RecorderStack(withWebApp: true)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>(base.Settings)
    {
        // An injected IAK timeout hangs for minutes; give up on an attempt after three seconds, as a test can wait for.
        ["Resilience__iak-prepaid__AttemptTimeout"] = "00:00:03",
        ["Resilience__iak-prepaid__TotalTimeout"] = "00:00:10",
    };
}
