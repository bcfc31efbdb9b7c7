using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TokenPln.ServiceDefaults.Persistence;

/// <summary>
/// Lets one instance at a time run the start-up steps that change a service's database (the migration, the seeding of an empty
/// table), when several replicas start at once on one fresh database. Each step checks what is there and writes what is missing;
/// under this lock the check of the second instance sees the first one's writes, so nothing is written twice and no instance
/// crashes on a unique index.
/// </summary>
/// <remarks>
/// EF Core 10's own migration lock is not enough on PostgreSQL: Npgsql.EntityFrameworkCore.PostgreSQL 10.0.0 locks the history
/// table (its DLL holds a <c>LOCK TABLE</c> statement), yet two instances migrating one empty database at once failed with
/// 42P07 "relation already exists" (ConcurrentStartTests, before this lock). On SQLite EF's <c>__EFMigrationsLock</c> row did keep
/// them apart, but the seeding is no migration and no lock covers it. So one lock for every step and both providers:
/// <list type="bullet">
/// <item>PostgreSQL: <c>pg_advisory_xact_lock</c> in a transaction on a connection of its own, scoped to the database by
/// PostgreSQL itself and released by the server when the holder commits or its connection dies (a killed pod holds nothing).</item>
/// <item>SQLite: an exclusive lock on a file beside the database (<c>flock</c> on Linux): the instances sharing one SQLite file
/// share its directory, and the operating system releases the lock with the process. A transaction of SQLite's own could not
/// be held: the steps write through other connections, which would then wait on it.</item>
/// </list>
/// </remarks>
public static class DatabaseStartupLock
{
    /// <summary>The advisory lock's key: "TknPlnSt" in ASCII, so that it never meets another use of advisory locks by chance.</summary>
    public const long PostgresKey = 0x546B6E506C6E5374;

    public static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan FileRetry = TimeSpan.FromMilliseconds(50);

    /// <summary>Runs <paramref name="run"/> (the start-up step <paramref name="step"/>, named for the log) while this instance holds the start-up lock of <paramref name="db"/>'s database.</summary>
    public static async Task RunExclusiveAsync(DbContext db, string step, ILogger logger, Func<Task> run)
    {
        var connectionString = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The database has no connection string to take the start-up lock on.");
        await using var held = db.Database.IsNpgsql()
            ? await HoldPostgresAsync(connectionString)
            : await HoldFileAsync(connectionString);
        logger.LogDebug("Holding the start-up lock for {Step}", step);
        await run();
    }

    private static async Task<IAsyncDisposable> HoldPostgresAsync(string connectionString)
    {
        // Not from the pool: the lock's connection must not be lent to anyone else while it is held.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            try
            {
                await connection.OpenAsync();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                // No database yet: EF's migration creates it, and CREATE DATABASE is itself refused to the second of two creators.
                await connection.DisposeAsync();
                return new Held(() => Task.CompletedTask);
            }

            var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@key)", connection, transaction);
            command.Parameters.AddWithValue("key", PostgresKey);
            command.CommandTimeout = (int)Patience.TotalSeconds;
            await command.ExecuteNonQueryAsync();
            return new Held(async () =>
            {
                await transaction.CommitAsync();
                await connection.DisposeAsync();
            });
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<IAsyncDisposable> HoldFileAsync(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            // A private in-memory database has one instance by definition.
            return new Held(() => Task.CompletedTask);
        }

        var path = Path.GetFullPath(dataSource) + ".startup-lock";
        var waiting = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                return new Held(() => file.DisposeAsync().AsTask());
            }
            catch (IOException) when (waiting.Elapsed < Patience)
            {
                // Another instance is migrating or seeding; it is quick, so a short poll costs little.
                await Task.Delay(FileRetry);
            }
        }
    }

    private sealed class Held(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
