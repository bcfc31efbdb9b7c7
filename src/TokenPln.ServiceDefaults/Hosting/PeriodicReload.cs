using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.ServiceDefaults.Hosting;

/// <summary>
/// Loads an in-memory copy from the database before the app serves its first request, then reloads it every few
/// seconds, which brings in what other instances of the service wrote.
/// </summary>
public sealed class PeriodicReload<TContext>(
    IServiceScopeFactory scopes, string what, Func<TContext, CancellationToken, Task> reload, TimeSpan interval, ILogger logger) : BackgroundService
    where TContext : DbContext
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                // The last copy stays in force; the next tick tries again.
                logger.LogWarning(ex, "Reloading the {Copy} failed", what);
            }
        }
    }

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await reload(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
    }
}

public static class PeriodicReloadSetup
{
    public static IServiceCollection AddPeriodicReload<TContext>(this IServiceCollection services, string what, string intervalSetting,
        Func<IServiceProvider, Func<TContext, CancellationToken, Task>> reload)
        where TContext : DbContext =>
        // Not AddHostedService: it keeps one hosted service per implementation type, and a service reloads several copies.
        services.AddSingleton<IHostedService>(sp => new PeriodicReload<TContext>(
            sp.GetRequiredService<IServiceScopeFactory>(), what, reload(sp),
            Microsoft.Extensions.Configuration.ConfigurationBinder.GetValue(
                sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>(), intervalSetting, TimeSpan.FromSeconds(5)),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("TokenPln.LocalCopies")));
}
