using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TokenPln.ServiceDefaults.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// One database per service: a SQLite file by default (<c>Database:DataDirectory</c>/&lt;name&gt;.db), or
/// PostgreSQL with <c>Database:Provider=Postgres</c> and <c>ConnectionStrings:&lt;name&gt;</c>.
/// </summary>
public static class DatabaseSetup
{
    public static IServiceCollection AddServiceDatabase<TContext>(this IServiceCollection services, IConfiguration configuration,
        string contentRoot, string databaseName) where TContext : DbContext
    {
        var provider = configuration.GetValue("Database:Provider", DatabaseProvider.Sqlite);
        var connectionString = ResolveConnectionString(configuration, contentRoot, databaseName, provider);
        // One of each per database: every context of this service's file takes its write turn from the same gate.
        IInterceptor[] sqliteInterceptors = [new SqliteBusyTimeout(), new SqliteWriteGate()];
        // Pooled: a sale's profile showed each new context rebuilding and comparing its options and filling a fresh internal
        // service scope (a sixth of the service's allocations); a pooled context is reset and reused instead.
        services.AddDbContextPool<TContext>((sp, options) =>
        {
            options.AddInterceptors(sp.GetServices<IInterceptor>());
            _ = provider switch
            {
                DatabaseProvider.Postgres => options.UseNpgsql(connectionString),
                _ => options.UseSqlite(connectionString).AddInterceptors(sqliteInterceptors),
            };
            // Migrations are written by hand (the EF design-time package is not available here), so there is
            // no model snapshot to compare against; MigrationsMatchModel tests guard that comparison instead.
            options.ConfigureWarnings(w => w
                .Ignore(RelationalEventId.PendingModelChangesWarning)
                // A failed save always surfaces as an exception to its caller, which handles it (a unique key taken by a
                // concurrent request is an expected answer) or lets it be logged once as an error; EF's own log is a duplicate.
                .Log((CoreEventId.SaveChangesFailed, LogLevel.Debug), (RelationalEventId.CommandError, LogLevel.Debug)));
        });
        services.AddHealthChecks().AddDbContextCheck<TContext>("database");
        return services;
    }

    public static string ResolveConnectionString(IConfiguration configuration, string contentRoot, string databaseName, DatabaseProvider provider)
    {
        var configured = configuration.GetConnectionString(databaseName);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (provider == DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException($"Database:Provider is Postgres but ConnectionStrings:{databaseName} is not set.");
        }

        var directory = Path.GetFullPath(configuration["Database:DataDirectory"] ?? ".data", contentRoot);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, databaseName + ".db")};Default Timeout=30;Pooling=True";
    }

    /// <summary>
    /// Brings the schema up to date before the app listens. <c>&lt;service&gt; migrate</c> applies the migrations and exits
    /// (the production way); otherwise they are applied at start-up when <c>Database:MigrateOnStartup</c> is true (the
    /// default in Development), and a service that finds migrations pending without that permission refuses to start.
    /// A failed migration stops the service with the reason in the log. True when the process should exit now.
    /// </summary>
    public static async Task<bool> PrepareDatabaseAsync<TContext>(this WebApplication app, string[] args) where TContext : DbContext
    {
        var migrateOnly = args.Contains("migrate", StringComparer.OrdinalIgnoreCase);
        var migrateOnStartup = app.Configuration.GetValue<bool?>("Database:MigrateOnStartup") ?? app.Environment.IsDevelopment();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TokenPln.Database");
        try
        {
            // Replicas started together would otherwise migrate one empty database at once (see DatabaseStartupLock).
            await DatabaseStartupLock.RunExclusiveAsync(db, "migration", logger, () => MigrateAsync(db, logger, migrateOnly, migrateOnStartup));
        }
        catch (Exception ex)
        {
            logger.LogCritical(ex, "Preparing the database of {Database} failed; the service stops", typeof(TContext).Name);
            throw;
        }

        return migrateOnly;
    }

    private static async Task MigrateAsync(DbContext db, ILogger logger, bool migrateOnly, bool migrateOnStartup)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets the readers of the dashboard and the writers of sales proceed together.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0 && !migrateOnly && !migrateOnStartup)
        {
            throw new InvalidOperationException(
                $"{pending.Count} migration(s) pending ({string.Join(", ", pending)}): run the service with the argument 'migrate' first, " +
                "or set Database:MigrateOnStartup=true.");
        }

        await db.Database.MigrateAsync();
        logger.LogInformation("Database {Database} ({Provider}) ready; applied {Count} migration(s): {Migrations}",
            db.GetType().Name, db.Database.ProviderName, pending.Count, pending);
    }

    /// <summary>
    /// Runs a start-up step that fills an empty database (checks what is there, writes what is missing) under the start-up lock,
    /// so that of several replicas starting at once one writes and the others find it written.
    /// </summary>
    public static async Task RunStartupStepAsync<TContext>(this WebApplication app, string step, Func<TContext, IServiceProvider, Task> run)
        where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("TokenPln.Database");
        await DatabaseStartupLock.RunExclusiveAsync(db, step, logger, () => run(db, scope.ServiceProvider));
    }
}
