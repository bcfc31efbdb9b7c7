using Microsoft.EntityFrameworkCore;
using TokenPln.ServiceDefaults.Leases;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reconciliation;

/// <summary>
/// The daily run: once it is past <c>Reconciliation:Daily:At</c> (WIB, default 00:30) the day before is reconciled, and on
/// start-up any of the last <c>Reconciliation:Daily:CatchUpDays</c> days without a finished scheduled run is caught up. Every
/// replica runs this, but only the holder of the <see cref="LeaseName"/> lease (one poll interval and a minute,
/// <c>Reconciliation:Daily:LeaseDuration</c>) looks for due days; the run's own hold on its day (<see cref="ReconciliationRun.ActiveDay"/>)
/// still keeps an owner's run and the schedule's apart, and a run outlasting the lease from being started twice.
/// </summary>
public sealed class ReconciliationSchedule(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    IJobLease lease, ILogger<ReconciliationSchedule> logger) : BackgroundService
{
    public const string LeaseName = "reconciliation-schedule";

    private readonly bool _enabled = configuration.GetValue("Reconciliation:Daily:Enabled", true);
    private readonly TimeOnly _at = configuration.GetValue("Reconciliation:Daily:At", new TimeOnly(0, 30));
    private readonly int _catchUpDays = Math.Max(1, configuration.GetValue("Reconciliation:Daily:CatchUpDays", 3));
    private readonly TimeSpan _interval = configuration.GetValue("Reconciliation:Daily:PollInterval", TimeSpan.FromMinutes(5));

    private TimeSpan LeaseDuration => configuration.GetValue("Reconciliation:Daily:LeaseDuration", _interval + TimeSpan.FromMinutes(1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_enabled)
        {
            logger.LogInformation("Daily reconciliation is disabled");
            return;
        }

        await lease.RunEveryAsync(LeaseName, _interval, clock, RunDueAsync, logger, stoppingToken);
    }

    /// <summary>Runs the WIB days due (of the catch-up window, without a finished scheduled run), oldest first, if this instance holds the lease; answers those it ran.</summary>
    public async Task<IReadOnlyList<DateOnly>> RunDueAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryHoldAsync(LeaseName, LeaseDuration, cancellationToken))
        {
            return [];
        }

        var (today, minute) = JakartaClock.Bucket(clock.GetUtcNow());
        var lastDue = today.AddDays(minute >= _at.Hour * 60 + _at.Minute ? -1 : -2);
        var firstDue = lastDue.AddDays(1 - _catchUpDays);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var done = await db.Set<ReconciliationRun>().AsNoTracking()
            .Where(r => r.Day >= firstDue && r.Day <= lastDue && r.Trigger == ReconciliationTriggers.Schedule && r.FinishedAt != null && r.Failure == null)
            .Select(r => r.Day).Distinct().ToListAsync(cancellationToken);
        var ran = new List<DateOnly>();
        for (var day = firstDue; day <= lastDue; day = day.AddDays(1))
        {
            if (done.Contains(day)) continue;
            // A scope per day: each run is its own unit of work.
            await using var dayScope = scopes.CreateAsyncScope();
            var run = await dayScope.ServiceProvider.GetRequiredService<Reconciler>()
                .RunAsync(day, ReconciliationTriggers.Schedule, null, cancellationToken);
            if (run is not null) ran.Add(day);
        }

        return ran;
    }
}
