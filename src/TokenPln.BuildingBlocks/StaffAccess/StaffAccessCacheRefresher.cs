using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.BuildingBlocks.StaffAccess;

/// <summary>
/// Fills <see cref="StaffAccessCache"/> before the app serves its first request, then keeps it in step with the
/// database, where other instances of the service may have applied announcements.
/// </summary>
internal sealed class StaffAccessCacheRefresher<TContext>(
    IServiceScopeFactory scopes, StaffAccessCache cache, IConfiguration configuration, ILogger<StaffAccessCacheRefresher<TContext>> logger)
    : BackgroundService
    where TContext : DbContext, IStaffAccessReplicaDbContext
{
    private readonly TimeSpan _interval = configuration.GetValue("StaffAccess:RefreshInterval", TimeSpan.FromSeconds(5));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // The last copy stays in force; the next tick tries again.
                logger.LogWarning(ex, "Reloading the staff access replica failed");
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await cache.ReloadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
    }
}
