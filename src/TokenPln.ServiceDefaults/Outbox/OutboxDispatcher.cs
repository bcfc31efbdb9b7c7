using Dapr;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Telemetry;

namespace TokenPln.ServiceDefaults.Outbox;

/// <summary>Wakes the dispatcher as soon as a change with events is saved, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another thread signalled first; one pending wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}

/// <summary>
/// Publishes unpublished outbox rows in the order they occurred, retrying failed ones with backoff.
/// Publication is at least once: a crash after publishing but before marking publishes again, and
/// consumers deduplicate by event id.
/// </summary>
public sealed class OutboxDispatcher<TContext>(
    IServiceScopeFactory scopes,
    IEventPublisher publisher,
    OutboxSignal signal,
    TimeProvider clock,
    IConfiguration configuration,
    TokenPlnMetrics metrics,
    ILogger<OutboxDispatcher<TContext>> logger) : BackgroundService
    where TContext : DbContext, IOutboxDbContext
{
    private const int BatchSize = 100;
    private readonly TimeSpan _pollInterval = configuration.GetValue("Outbox:PollInterval", TimeSpan.FromSeconds(2));
    private readonly TimeSpan _retention = configuration.GetValue("Outbox:Retention", TimeSpan.FromDays(7));
    private DateTime _nextPurge;
    private int _backlog = -1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int published;
            try
            {
                published = await DispatchBatchAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Outbox dispatch of {Context} failed; retrying after {Interval}", typeof(TContext).Name, _pollInterval);
                published = 0;
            }

            if (published < BatchSize)
            {
                await signal.WaitAsync(_pollInterval, stoppingToken);
            }
        }
    }

    public async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = await db.OutboxMessages
            .Where(m => m.PublishedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.OccurredAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        var published = 0;
        foreach (var message in batch)
        {
            try
            {
                await publisher.PublishAsync(message.Topic, message.Id, message.Payload, cancellationToken);
                message.PublishedAt = clock.GetUtcNow().UtcDateTime;
                message.LastError = null;
                published++;
            }
            catch (Exception ex) when (ex is DaprException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                message.NextAttemptAt = now + Backoff(message.Attempts);
                logger.LogWarning("Publishing event {EventId} to {Topic} failed (attempt {Attempts}), next try at {NextAttemptAt}: {Error}",
                    message.Id, message.Topic, message.Attempts, message.NextAttemptAt, message.LastError);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        // Counted only when rows can be left behind: a full batch, a failed publish, or rows still waiting for a retry. Otherwise
        // the batch held every unpublished row and all of them went out (a count per sale showed in the sale's profile).
        _backlog = batch.Count < BatchSize && published == batch.Count && _backlog == 0
            ? 0
            : await db.OutboxMessages.CountAsync(m => m.PublishedAt == null, cancellationToken);
        metrics.RecordOutboxBacklog(typeof(TContext).Name, _backlog);
        await PurgePublishedAsync(db, now, cancellationToken);
        return published;
    }

    private async Task PurgePublishedAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        if (now < _nextPurge)
        {
            return;
        }

        _nextPurge = now + TimeSpan.FromHours(1);
        var cutoff = now - _retention;
        var purged = await db.OutboxMessages.Where(m => m.PublishedAt != null && m.PublishedAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        if (purged > 0)
        {
            logger.LogInformation("Purged {Count} published outbox messages older than {Cutoff}", purged, cutoff);
        }
    }

    private static TimeSpan Backoff(int attempts) => TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, Math.Min(attempts, 6))));
}
