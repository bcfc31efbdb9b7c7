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

    [Fact]
    public async Task A_second_write_transaction_waits_for_its_turn_without_a_thread_and_begins_when_the_first_commits()
    {
        await using var services = SqliteServices("turns");
        await using var first = services.CreateAsyncScope();
        await using var second = services.CreateAsyncScope();
        await using var holding = await first.ServiceProvider.GetRequiredService<EmptyContext>().Database.BeginTransactionAsync();

        var waiting = second.ServiceProvider.GetRequiredService<EmptyContext>().Database.BeginTransactionAsync();

        waiting.IsCompleted.ShouldBeFalse("the turn is taken: the second writer waits asynchronously instead of in SQLite's busy handler");
        await holding.CommitAsync();
        await using var granted = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await granted.CommitAsync();
    }

    [Theory]
    [InlineData("rollback")]
    [InlineData("dispose")]
    public async Task A_transaction_that_ends_without_a_commit_gives_the_turn_back(string ending)
    {
        await using var services = SqliteServices("ending-" + ending);
        await using (var first = services.CreateAsyncScope())
        {
            var transaction = await first.ServiceProvider.GetRequiredService<EmptyContext>().Database.BeginTransactionAsync();
            if (ending == "rollback") await transaction.RollbackAsync();
            await transaction.DisposeAsync();
        }

        await using var second = services.CreateAsyncScope();
        await using var granted = await second.ServiceProvider.GetRequiredService<EmptyContext>().Database.BeginTransactionAsync()
            .WaitAsync(TimeSpan.FromSeconds(10));
        await granted.CommitAsync();
    }

    private ServiceProvider SqliteServices(string name) =>
        new ServiceCollection().AddServiceDatabase<EmptyContext>(new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { ["Database:DataDirectory"] = _directory }).Build(), _directory, name).BuildServiceProvider();

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private sealed class EmptyContext(DbContextOptions<EmptyContext> options) : DbContext(options);
}
