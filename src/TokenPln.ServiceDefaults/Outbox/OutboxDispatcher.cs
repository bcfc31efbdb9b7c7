using Dapr;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TokenPln.ServiceDefaults.Events;
using TokenPln.ServiceDefaults.Hosting;
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
/// consumers deduplicate by event id. Replicas of a service share the table; each row is claimed by one of them at a time.
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
    private readonly TimeSpan _claimTimeout = configuration.GetValue("Outbox:ClaimTimeout", TimeSpan.FromMinutes(1));
    private readonly string _instance = InstanceIdentity.Of(configuration);
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
        var batch = await ClaimBatchAsync(db, now, cancellationToken);

        var published = 0;
        foreach (var message in batch)
        {
            try
            {
                await publisher.PublishAsync(message.Topic, message.Id, message.Payload, cancellationToken);
                message.PublishedAt = clock.GetUtcNow().UtcDateTime;
                message.ClaimedUntil = null;
                message.LastError = null;
                published++;
            }
            catch (Exception ex) when (ex is DaprException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                message.Attempts++;
                message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                message.NextAttemptAt = now + Backoff(message.Attempts);
                message.ClaimedUntil = null;
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

    /// <summary>
    /// Claims the next batch for this instance and reads it, in one statement: an UPDATE of the claim columns that RETURNs the
    /// rows it took. Replicas share the table, so each takes only rows that no live claim holds, and the condition is written on
    /// the updated rows themselves (not only in the subquery): on PostgreSQL a second claimer that waited for a row re-reads
    /// that condition against the first one's committed claim and skips the row, and SQLite runs writers one at a time. A claim
    /// column rather than FOR UPDATE held through the publishing: it works on SQLite too, keeps no transaction (and on SQLite no
    /// write lock, which would stall the sales) open while the sidecar answers, and costs no more round trips than the plain
    /// read it replaces. On PostgreSQL the subquery also skips rows another claimer has locked at that moment, so two
    /// dispatchers take two different batches instead of one waiting to find nothing. A claimer that dies mid-batch leaves
    /// its rows to the others once the claim runs out (Outbox:ClaimTimeout): published at least once, never by two at a time.
    /// </summary>
    private async Task<List<OutboxMessage>> ClaimBatchAsync(TContext db, DateTime now, CancellationToken cancellationToken)
    {
        var postgres = db.Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";
        var skipLocked = postgres ? " FOR UPDATE SKIP LOCKED" : "";
        // Only constants are spliced in (the batch size, the provider's locking clause); the values are parameters.
        var sql =
            $$"""
            UPDATE "outbox_messages" SET "ClaimedBy" = {0}, "ClaimedUntil" = {1}
            WHERE "Id" IN (
                SELECT "Id" FROM "outbox_messages"
                WHERE "PublishedAt" IS NULL AND ("NextAttemptAt" IS NULL OR "NextAttemptAt" <= {2})
                  AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" <= {2})
                ORDER BY "OccurredAt"
                LIMIT {{BatchSize}}{{skipLocked}})
              AND "PublishedAt" IS NULL AND ("ClaimedUntil" IS NULL OR "ClaimedUntil" <= {2})
            RETURNING *
            """;
        // On SQLite the claim is a write: in a transaction it waits for its turn at the process's write gate (SqliteWriteGate)
        // like the sales do, instead of sleeping in SQLite's busy handler.
        await using var transaction = postgres ? null : await db.Database.BeginTransactionAsync(cancellationToken);
        // Tracked only after the commit: OutboxCommitInterceptor would take claimed rows for new ones and wake the dispatcher again.
        var claimed = await db.OutboxMessages.FromSqlRaw(sql, _instance, now + _claimTimeout, now).AsNoTracking().ToListAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        db.OutboxMessages.AttachRange(claimed);

        // RETURNING keeps no order.
        return claimed.OrderBy(m => m.OccurredAt).ToList();
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
