using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using TokenPln.ServiceDefaults.Hosting;

namespace TokenPln.ServiceDefaults.Leases;

/// <summary>A named job's lease: the instance that holds it until <see cref="ExpiresAt"/> is the one that runs the job.</summary>
public sealed class Lease
{
    public required string Name { get; init; }
    public required string Holder { get; set; }
    public DateTime ExpiresAt { get; set; }
}

public static class LeaseModel
{
    public static ModelBuilder ConfigureLeases(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Lease>(entity =>
        {
            entity.ToTable("leases");
            entity.HasKey(l => l.Name);
            entity.Property(l => l.Name).HasMaxLength(100);
            entity.Property(l => l.Holder).HasMaxLength(200);
        });
        return modelBuilder;
    }

    /// <summary>Leases held in the service's database, for jobs that one replica at a time must run; the jobs ask for <see cref="IJobLease"/>.</summary>
    public static IServiceCollection AddDatabaseLeases<TContext>(this IServiceCollection services) where TContext : DbContext
    {
        // Each job's setup asks for it; one is enough.
        services.TryAddSingleton<DatabaseLease<TContext>>();
        services.TryAddSingleton<IJobLease>(sp => sp.GetRequiredService<DatabaseLease<TContext>>());
        return services;
    }
}

/// <summary>A job's lease among the replicas of a service: what a periodic job asks before each round.</summary>
public interface IJobLease
{
    /// <summary>This instance, as the lease's holder.</summary>
    string Holder { get; }

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="duration"/> from now; false while another
    /// instance holds it.
    /// </summary>
    Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Lets go of the lease if this instance holds it, so that another takes it at once instead of after it runs out.</summary>
    Task ReleaseAsync(string name);
}

/// <summary>
/// Lets one of the replicas that share a database run a periodic job (a poller, a schedule). A row per job names its holder and
/// when the lease runs out; the holder renews it each round, and any other instance takes it once it has run out, so a holder
/// that dies (even by SIGKILL, with no chance to let go) is replaced within one lease duration.
/// A row in the service's own database rather than Dapr's Jobs API or a cron binding: the database is already shared by every
/// replica on every host (tests, the local runner, Kubernetes), the take-over is one conditional UPDATE that SQLite and
/// PostgreSQL both decide atomically, and the job keeps its own interval and its own test seam (a poll called directly).
/// </summary>
public sealed class DatabaseLease<TContext>(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<DatabaseLease<TContext>> logger) : IJobLease where TContext : DbContext
{
    public string Holder { get; } = InstanceIdentity.Of(configuration);

    // The leases this instance last held, so that a lease changing hands is logged once, not every renewal: an operator
    // (and the replica system test) reads from the logs which instance runs which job.
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    public async Task<bool> TryHoldAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        // One statement decides it: on PostgreSQL a concurrent taker waits for the row and re-reads the condition against the
        // committed winner (then finds it neither its own nor run out); SQLite runs writers one at a time.
        // A renewal never moves the end back: of two rounds of this instance at once, the one that read the clock first may
        // write last, and a lease it shortened would let another instance take the job while this one still runs it.
        var held = await db.Set<Lease>()
            .Where(l => l.Name == name && ((l.Holder == Holder && l.ExpiresAt <= until) || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Holder, Holder).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        var holder = held == 1
            ? Holder
            : await db.Set<Lease>().Where(l => l.Name == name).Select(l => l.Holder).FirstOrDefaultAsync(cancellationToken);
        if (holder == Holder)
        {
            if (_held.TryAdd(name, 0)) logger.LogInformation("Instance {Holder} holds the lease {Lease}", Holder, name);
            return true;
        }

        if (holder is not null)
        {
            if (_held.TryRemove(name, out _)) logger.LogWarning("Instance {Holder} lost the lease {Lease} to another instance", Holder, name);
            return false;
        }

        db.Set<Lease>().Add(new Lease { Name = name, Holder = Holder, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _held.TryAdd(name, 0);
            logger.LogInformation("Instance {Holder} holds the lease {Lease}", Holder, name);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance created the row first: it holds the lease.
            return false;
        }
    }

    public async Task ReleaseAsync(string name)
    {
        _held.TryRemove(name, out _);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            // Long past on any instance's clock, however far the clocks of the replicas disagree.
            var past = DateTime.UnixEpoch;
            await db.Set<Lease>().Where(l => l.Name == name && l.Holder == Holder)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, past), CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Stopping must not fail for this: the lease then simply runs out.
            logger.LogWarning(ex, "Instance {Holder} could not release the lease {Lease}; it runs out by itself", Holder, name);
        }
    }
}

public static class JobLeaseLoop
{
    /// <summary>
    /// Runs <paramref name="round"/> now and every <paramref name="interval"/> until the host stops; a failed round is logged
    /// and the next one tried. Each round asks the lease itself; at stop the lease is released, so a replica stopping in
    /// good order hands the job over at once rather than after the lease runs out.
    /// </summary>
    public static async Task RunEveryAsync(this IJobLease lease, string name, TimeSpan interval, TimeProvider clock,
        Func<CancellationToken, Task> round, ILogger logger, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do
            {
                try
                {
                    await round(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "The job {Job} failed; trying again in {Interval}", name, interval);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        finally
        {
            await lease.ReleaseAsync(name);
        }
    }
}
