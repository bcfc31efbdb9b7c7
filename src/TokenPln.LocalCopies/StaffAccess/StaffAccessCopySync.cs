using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Refit;

namespace TokenPln.LocalCopies.StaffAccess;

/// <summary>Every account's access, from user-service's sidecar-only read, through Dapr service invocation.</summary>
public interface IUserStaffAccessClient
{
    public const string Route = "internal/staff-access";

    [Get("/" + Route)]
    Task<IReadOnlyList<StaffAccessSnapshot>> GetAllAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Fills the local copy of staff access from user-service at start-up (a new database learns of earlier deactivations
/// too) and then now and then, which repairs a missed announcement and overrides anything user-service never said.
/// </summary>
public sealed class StaffAccessCopySync<TContext>(
    IServiceScopeFactory scopes, StaffAccessCache cache, TimeProvider clock, IConfiguration configuration, ILogger<StaffAccessCopySync<TContext>> logger)
    : BackgroundService
    where TContext : DbContext, IStaffAccessCopyDbContext
{
    private readonly TimeSpan _resyncInterval = configuration.GetValue("StaffAccess:ResyncInterval", TimeSpan.FromMinutes(5));
    private readonly TimeSpan _retryInterval = configuration.GetValue("StaffAccess:RetryInterval", TimeSpan.FromSeconds(5));

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
            var client = scope.ServiceProvider.GetRequiredService<IUserStaffAccessClient>();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            var (changed, ahead) = await StaffAccessCopyWriter.ReplaceAllAsync(db, await client.GetAllAsync(cancellationToken) ?? throw new InvalidOperationException("user-service answered an empty staff access list."),
                clock.GetUtcNow().UtcDateTime, cancellationToken);
            if (ahead.Count > 0)
            {
                logger.LogWarning("Staff access copy held {Users} at versions user-service does not have; reading user-service again", ahead);
                (changed, _) = await StaffAccessCopyWriter.ReplaceAllAsync(db, await client.GetAllAsync(cancellationToken) ?? throw new InvalidOperationException("user-service answered an empty staff access list."),
                    clock.GetUtcNow().UtcDateTime, cancellationToken);
            }

            await cache.ReloadAsync(db, cancellationToken);
            logger.LogInformation("Synced staff access from user-service ({Changed} changed)", changed);
            return true;
        }
        catch (Exception ex) when (ex is Refit.ApiExceptionBase or HttpRequestException
                                       or System.Text.Json.JsonException or InvalidOperationException)
        {
            logger.LogWarning("Staff access sync from user-service failed, keeping the local copy: {Error}", ex.Message);
            return false;
        }
    }
}
