using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>
/// Fills the local copy of shifts from master-service at start-up and then now and then, which repairs any event that
/// was missed and overrides anything master-service never said. While master-service is unreachable the copy keeps
/// serving what it has.
/// </summary>
public sealed class ShiftCopySync<TContext>(
    IServiceScopeFactory scopes,
    ShiftCopyStatus status,
    ShiftDirectory<TContext> directory,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<ShiftCopySync<TContext>> logger) : BackgroundService
    where TContext : DbContext, IShiftCopyDbContext
{
    private readonly TimeSpan _resyncInterval = configuration.GetValue("ShiftCopy:ResyncInterval", TimeSpan.FromMinutes(10));
    private readonly TimeSpan _retryInterval = configuration.GetValue("ShiftCopy:RetryInterval", TimeSpan.FromSeconds(5));
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

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
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var client = scope.ServiceProvider.GetRequiredService<IMasterOfficeHoursClient>();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var result = await ShiftCopyWriter.ReplaceAllAsync(db, await client.GetAllAsync(cancellationToken) ?? throw new InvalidOperationException("master-service answered an empty shift list."), clock.GetUtcNow().UtcDateTime,
                cancellationToken);
            if (result.Ahead.Count > 0)
            {
                // Either an event overtook this read (then a second read has it too) or the copy was fed something master-service
                // never said. A second read settles which, and whatever it says stands.
                logger.LogWarning("Shift copy held {Shifts} at versions master-service does not have; reading master-service again", result.Ahead);
                result = await ShiftCopyWriter.ReplaceAllAsync(db, await client.GetAllAsync(cancellationToken) ?? throw new InvalidOperationException("master-service answered an empty shift list."), clock.GetUtcNow().UtcDateTime,
                    cancellationToken);
            }

            if (result.Removed.Count > 0)
            {
                logger.LogWarning("Shift copy held {Shifts} that master-service does not have; removed", result.Removed);
            }

            await directory.ReloadAsync(db, cancellationToken);
            status.Synced(clock.GetUtcNow());
            logger.LogInformation("Synced shifts from master-service ({Changed} changed)", result.Changed);
            return true;
        }
        catch (Exception ex) when (ex is Refit.ApiExceptionBase or HttpRequestException
                                       or System.Text.Json.JsonException or InvalidOperationException)
        {
            status.SyncFailed(ex.Message);
            logger.LogWarning("Shift sync from master-service failed, keeping the local copy: {Error}", ex.Message);
            return false;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
