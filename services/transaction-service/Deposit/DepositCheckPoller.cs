using TokenPln.ServiceDefaults.Leases;

namespace TokenPln.TransactionService.Deposit;

/// <summary>
/// Reads IAK's balance at start-up and every <c>Deposit:CheckInterval</c> (15 minutes by default; zero turns it off), so the owner
/// sees a fresh figure and the low-balance alert fires even while nothing is sold. Of several replicas only the holder of the
/// <see cref="LeaseName"/> lease reads it: the lease lasts one interval and a minute (<c>Deposit:LeaseDuration</c>), so the holder
/// renews it at each of its ticks and another instance takes over within two intervals of the holder's death.
/// </summary>
public sealed class DepositCheckPoller(DepositBook book, TimeProvider clock, IConfiguration configuration, IJobLease lease,
    ILogger<DepositCheckPoller> logger) : BackgroundService
{
    public const string LeaseName = "deposit-check";

    private readonly TimeSpan _interval = configuration.GetValue("Deposit:CheckInterval", TimeSpan.FromMinutes(15));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Periodic IAK balance checks are off (Deposit:CheckInterval is {Interval})", _interval);
            return;
        }

        await lease.RunEveryAsync(LeaseName, _interval, clock, CheckOnceAsync, logger, stoppingToken);
    }

    /// <summary>Reads IAK's balance if this instance holds the lease; answers whether it did.</summary>
    public async Task<bool> CheckOnceAsync(CancellationToken cancellationToken)
    {
        var duration = configuration.GetValue("Deposit:LeaseDuration", _interval + TimeSpan.FromMinutes(1));
        if (!await lease.TryHoldAsync(LeaseName, duration, cancellationToken))
        {
            return false;
        }

        await book.CheckNowAsync(cancellationToken);
        return true;
    }
}
