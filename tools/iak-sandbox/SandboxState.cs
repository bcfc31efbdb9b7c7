namespace TokenPln.IakSandbox;

/// <summary>
/// The sandbox's account and knobs. Knobs change through <c>/sandbox/settings</c> (tests, benchmarks) or
/// configuration (<c>Sandbox:*</c>); they never change the IAK API's contract, only its timing and health.
/// </summary>
public sealed class SandboxState(IConfiguration configuration)
{
    private readonly Lock _gate = new();

    public string Username { get; } = configuration["Sandbox:Username"] ?? "081234567890";
    public string ApiKey { get; } = configuration["Sandbox:ApiKey"] ?? "DEVELOPMENT-ONLY-sandbox-key-0001";
    public long Balance { get; private set; } = configuration.GetValue("Sandbox:InitialBalance", 100_000_000L);
    public SandboxSettings Settings { get; private set; } = SandboxSettings.From(configuration);

    public void Update(Func<SandboxSettings, SandboxSettings> change)
    {
        lock (_gate) Settings = change(Settings);
    }

    public void SetBalance(long balance)
    {
        lock (_gate) Balance = balance;
    }

    /// <summary>Debits <paramref name="amount"/> when the deposit covers it; the new balance either way.</summary>
    public (bool Debited, long Balance) TryDebit(long amount)
    {
        lock (_gate)
        {
            if (Balance < amount) return (false, Balance);
            Balance -= amount;
            return (true, Balance);
        }
    }

    public long Credit(long amount)
    {
        lock (_gate) return Balance += amount;
    }
}

public sealed record SandboxSettings(
    TimeSpan SettleDelay,
    bool Instant,
    TimeSpan Latency,
    double ErrorRate,
    double TimeoutRate,
    double MalformedRate,
    double LostAnswerRate,
    bool Outage,
    bool SameNumberRestriction,
    bool AutoCallback,
    string? CallbackUrl,
    string? CallbackAppId,
    string CallbackPath,
    IReadOnlyList<string> InactiveProducts)
{
    /// <summary>How long a "timed out" request hangs: longer than any client should wait.</summary>
    public static readonly TimeSpan HangFor = TimeSpan.FromSeconds(120);

    public static SandboxSettings From(IConfiguration configuration) => new(
        configuration.GetValue("Sandbox:SettleDelay", TimeSpan.FromSeconds(3)),
        configuration.GetValue("Sandbox:Instant", false),
        configuration.GetValue("Sandbox:Latency", TimeSpan.Zero),
        configuration.GetValue("Sandbox:ErrorRate", 0.0),
        configuration.GetValue("Sandbox:TimeoutRate", 0.0),
        configuration.GetValue("Sandbox:MalformedRate", 0.0),
        configuration.GetValue("Sandbox:LostAnswerRate", 0.0),
        configuration.GetValue("Sandbox:Outage", false),
        configuration.GetValue("Sandbox:SameNumberRestriction", false),
        configuration.GetValue("Sandbox:AutoCallback", true),
        configuration["Sandbox:CallbackUrl"],
        configuration["Sandbox:CallbackAppId"],
        configuration["Sandbox:CallbackPath"] ?? "api/iak/callbacks",
        configuration.GetSection("Sandbox:InactiveProducts").Get<string[]>() ?? []);
}
