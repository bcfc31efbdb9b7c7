using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.BuildingBlocks.OfficeHours;

/// <summary>
/// Fills the local copy of shifts from master-service at start-up and then now and then, which repairs any
/// event that was missed. While master-service is unreachable the copy keeps serving what it has.
/// </summary>
public sealed class OfficeHoursReplicaSync<TContext>(
    IServiceScopeFactory scopes,
    OfficeHoursReplicaStatus status,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<OfficeHoursReplicaSync<TContext>> logger) : BackgroundService
    where TContext : DbContext, IOfficeHoursReplicaDbContext
{
    private readonly TimeSpan _resyncInterval = configuration.GetValue("OfficeHoursReplica:ResyncInterval", TimeSpan.FromMinutes(10));
    private readonly TimeSpan _retryInterval = configuration.GetValue("OfficeHoursReplica:RetryInterval", TimeSpan.FromSeconds(5));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var synced = await SyncOnceAsync(stoppingToken);
            await Task.Delay(synced ? _resyncInterval : _retryInterval, clock, stoppingToken);
        }
    }

    public async Task<bool> SyncOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<IMasterOfficeHoursClient>();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var shifts = await client.GetAllAsync(cancellationToken);
            var changed = 0;
            foreach (var shift in shifts)
            {
                changed += await OfficeHoursReplicaWriter.ApplyAsync(db, shift, clock.GetUtcNow().UtcDateTime, cancellationToken) ? 1 : 0;
            }

            status.Synced(clock.GetUtcNow());
            logger.LogInformation("Synced {Count} shifts from master-service ({Changed} changed)", shifts.Count, changed);
            return true;
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException
                                       or System.Text.Json.JsonException)
        {
            status.SyncFailed(ex.Message);
            logger.LogWarning("Shift sync from master-service failed, keeping the local copy: {Error}", ex.Message);
            return false;
        }
    }
}
