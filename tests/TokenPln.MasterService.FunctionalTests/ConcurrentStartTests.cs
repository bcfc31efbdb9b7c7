using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

/// <summary>Two replicas scheduled together start at the same moment on one empty database, as after a fresh deployment.</summary>
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Two_instances_starting_at_once_on_a_fresh_database_seed_the_default_shifts_once_and_both_serve()
    {
        using var first = new ServiceFactory<Program>();
        using var second = first.CreateReplicaStartingTogether();

        await ServiceFactory<Program>.StartTogetherAsync(first, second);

        await using var scope = first.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        (await db.OfficeHours.Select(s => s.Name).OrderBy(n => n).ToListAsync()).ShouldBe(["Shift Malam", "Shift Pagi", "Shift Sore"]);
        (await db.OutboxMessages.CountAsync(m => m.Topic == Topics.OfficeHoursChanged)).ShouldBe(3, "one event per seeded shift");
        (await db.Database.GetAppliedMigrationsAsync()).ShouldBe(db.Database.GetMigrations());
        first.StartupProbe.ShouldBeOfType<StartupRendezvous>().Arrivals["default-shifts"].ShouldBe(1, "the other instance found the shifts seeded");
        foreach (var instance in new[] { first, second })
        {
            using var client = instance.CreateClient().As(TestTokens.Owner());
            (await InstanceHealth.ProbeAsync(client)).ShouldBe((HttpStatusCode.OK, "Healthy"));
            (await client.GetFromJsonAsync<JsonElement>("/api/office-hours")).GetProperty("total").GetInt32().ShouldBe(3);
        }
    }
}
