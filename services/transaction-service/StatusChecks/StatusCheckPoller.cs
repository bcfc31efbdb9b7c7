using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Json;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Leases;
using TokenPln.ServiceDefaults.Telemetry;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.StatusChecks;

/// <summary>
/// Finds pending sales that are due for a check and fans them out as <c>transaction-status-check-requested</c>
/// events, so that any instance's checker can take them. Each request pushes the sale's next check further
/// out; a lost request is therefore only a delayed one.
/// Of several replicas only the holder of the <see cref="LeaseName"/> lease polls, so IAK is asked no more often than one
/// instance would ask; when the holder dies another takes over once the lease (<c>StatusChecks:LeaseDuration</c>) runs out.
/// </summary>
public sealed class StatusCheckPoller(IServiceScopeFactory scopes, IEventPublisher publisher, TimeProvider clock,
    IConfiguration configuration, TokenPlnMetrics metrics, IJobLease lease, ILogger<StatusCheckPoller> logger)
    : BackgroundService
{
    public const string LeaseName = "status-check-poller";

    private readonly TimeSpan _interval = configuration.GetValue("StatusChecks:PollInterval", TimeSpan.FromSeconds(10));

    // Three polls' worth: a holder that misses one round (a slow database) keeps it, a dead one is replaced within 30 s.
    private readonly TimeSpan _leaseDuration = configuration.GetValue("StatusChecks:LeaseDuration", TimeSpan.FromSeconds(30));
    private readonly int _batchSize = configuration.GetValue("StatusChecks:BatchSize", 100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lease.RunEveryAsync(LeaseName, _interval, clock, PollOnceAsync, logger, stoppingToken);
    }

    /// <summary>Requests the checks that are due, if this instance holds the lease; answers how many (none without the lease).</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        if (!await lease.TryHoldAsync(LeaseName, _leaseDuration, cancellationToken))
        {
            return 0;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        var writer = scope.ServiceProvider.GetRequiredService<SaleWriter>();
        var now = clock.GetUtcNow();
        var due = await db.Transactions.AsNoTracking()
            .Where(t => t.Status == TransactionStatus.Pending && t.NextCheckAt != null && t.NextCheckAt <= now.UtcDateTime)
            .OrderBy(t => t.NextCheckAt)
            .Take(_batchSize)
            .Select(t => new { t.Invoice, t.CheckAttempts })
            .ToListAsync(cancellationToken);
        // Sales settled by hand before IAK's final word: still asked, so that what IAK says later is kept.
        due.AddRange(await db.Transactions.AsNoTracking()
            .Where(t => t.AwaitingIak && t.NextCheckAt != null && t.NextCheckAt <= now.UtcDateTime)
            .OrderBy(t => t.NextCheckAt)
            .Take(_batchSize)
            .Select(t => new { t.Invoice, t.CheckAttempts })
            .ToListAsync(cancellationToken));

        foreach (var sale in due)
        {
            var request = new TransactionStatusCheckRequestedIntegrationEvent(sale.Invoice) { OccurredAt = now };
            await publisher.PublishAsync(Topics.TransactionStatusCheckRequested, request.Id,
                System.Text.Json.JsonSerializer.Serialize(request, ApiJson.Options), cancellationToken);
            await writer.PostponeCheckAsync(sale.Invoice, sale.CheckAttempts, now, cancellationToken);
        }

        metrics.RecordPendingSales(await db.Transactions.CountAsync(t => t.Status == TransactionStatus.Pending, cancellationToken));
        if (due.Count > 0)
        {
            logger.LogInformation("Requested status checks for {Count} pending sale(s)", due.Count);
        }

        return due.Count;
    }
}
