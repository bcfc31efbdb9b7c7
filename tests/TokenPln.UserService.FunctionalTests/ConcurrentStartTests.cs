using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.FunctionalTests;

/// <summary>Two replicas scheduled together start at the same moment on one empty database, as after a fresh deployment.</summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_a_fresh_database_create_one_owner_and_both_log_the_owner_in()
    {
        using var first = new ServiceFactory<Program>();
        using var second = first.CreateReplicaStartingTogether();

        await ServiceFactory<Program>.StartTogetherAsync(first, second);

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<UserDbContext>();
        (await db.Users.Where(u => u.Role == Roles.Owner).Select(u => u.Email).ToListAsync()).ShouldBe([ServiceFactory<Program>.OwnerEmail]);
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        first.StartupProbe.ShouldBeOfType<StartupRendezvous>().Arrivals["owner"].ShouldBe(1, "the other instance found the owner created");
        foreach (var instance in new[] { first, second })
        {
            using var client = instance.CreateClient();
            (await InstanceHealth.ProbeAsync(client)).ShouldBe((HttpStatusCode.OK, "Healthy"));
            using var login = await client.PostAsJsonAsync("/api/auth/login",
                new { email = ServiceFactory<Program>.OwnerEmail, password = ServiceFactory<Program>.OwnerPassword });
            login.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }
}
