using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.ServiceDefaults.UnitTests;

public sealed class DatabaseSetupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tokenpln-db-").FullName;

    [Fact]
    public async Task Every_SQLite_connection_of_a_service_waits_for_a_lock_in_SQLite_itself()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _directory,
        }).Build();
        await using var services = new ServiceCollection().AddServiceDatabase<EmptyContext>(configuration, _directory, "busy").BuildServiceProvider();

        // Twice: the second open comes from the connection pool and must carry the setting too.
        for (var open = 0; open < 2; open++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<EmptyContext>();
            var busyTimeout = await db.Database.SqlQueryRaw<long>("PRAGMA busy_timeout").ToListAsync();
            busyTimeout.ShouldBe([SqliteBusyTimeout.Milliseconds]);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class EmptyContext(DbContextOptions<EmptyContext> options) : DbContext(options);
}
