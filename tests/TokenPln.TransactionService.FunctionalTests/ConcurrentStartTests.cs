using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>
/// Two replicas scheduled together start at the same moment on one empty database, as after a fresh deployment:
/// transaction-service seeds nothing, so its start-up step that two instances can race on is the migration itself.
/// </summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_a_fresh_database_migrate_it_once_and_both_serve()
    {
        using var first = new ServiceFactory<Program>();
        using var second = first.CreateReplicaStartingTogether();

        await ServiceFactory<Program>.StartTogetherAsync(first, second);

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TransactionDbContext>();
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        foreach (var instance in new[] { first, second })
        {
            using var client = instance.CreateClient();
            (await InstanceHealth.ProbeAsync(client)).ShouldBe((HttpStatusCode.OK, "Healthy"));
        }
    }
}
