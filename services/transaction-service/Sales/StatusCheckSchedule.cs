using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>
/// When a pending sale is next asked about: soon at first, then backing off (doubling up to a cap), so a slow
/// provider is not hammered and a long outage costs little.
/// </summary>
public sealed class StatusCheckSchedule(IConfiguration configuration)
{
    public TimeSpan FirstCheckAfter { get; } = configuration.GetValue("StatusChecks:FirstCheckAfter", TimeSpan.FromSeconds(5));
    public TimeSpan MaxInterval { get; } = configuration.GetValue("StatusChecks:MaxInterval", TimeSpan.FromMinutes(5));

    /// <summary>How old a sale must be before IAK's "not found" is believed, so an in-flight request is never failed.</summary>
    public TimeSpan UnknownGrace { get; } = configuration.GetValue("StatusChecks:UnknownGrace", TimeSpan.FromMinutes(2));

    /// <summary>How long a top-up IAK never acknowledged may still be sent again; after that "not found" fails it.</summary>
    public TimeSpan ResendWindow { get; } = configuration.GetValue("StatusChecks:ResendWindow", TimeSpan.FromMinutes(30));

    public bool MayResend(Transaction transaction, DateTimeOffset now) => Age(transaction, now) < ResendWindow;

    public void Next(Transaction transaction, DateTimeOffset now) =>
        transaction.NextCheckAt = (now + Delay(transaction.CheckAttempts)).UtcDateTime;

    public TimeSpan Delay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxInterval.Ticks, FirstCheckAfter.Ticks * (1L << Math.Min(attempts, 20))));

    public bool MayGiveUpOnUnknown(Transaction transaction, DateTimeOffset now) => Age(transaction, now) >= UnknownGrace;

    private static TimeSpan Age(Transaction transaction, DateTimeOffset now) =>
        now - new DateTimeOffset(DateTime.SpecifyKind(transaction.CreatedAt, DateTimeKind.Utc));
}
