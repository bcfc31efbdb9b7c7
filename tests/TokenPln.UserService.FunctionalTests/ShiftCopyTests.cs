using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.FunctionalTests;

public sealed class ShiftCopyTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private readonly HttpClient _client;

    public ShiftCopyTests()
    {
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Pagi", new(8, 0), new(15, 59), true, 1));
        _client = _factory.CreateClient();
    }

    [Fact]
    public async Task Subscribes_to_office_hours_changed_with_its_own_dead_letter_topic()
    {
        using var sidecar = _factory.CreateClient().AsSidecar();
        var document = await sidecar.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        var entry = document.EnumerateArray().Single(e => e.GetProperty("topic").GetString() == "office-hours-changed");
        entry.GetProperty("pubsubName").GetString().ShouldBe("pubsub");
        entry.GetProperty("route").GetString().ShouldBe("events/office-hours-changed");
        entry.GetProperty("deadLetterTopic").GetString().ShouldBe("dead-letters.functional-test");
    }

    [Fact]
    public async Task A_delivered_event_is_applied_and_older_or_repeated_ones_change_nothing()
    {
        (await Deliver(Event(7, "Shift Lembur", "22:00", "06:00", active: true, version: 2))).ShouldBe("SUCCESS");
        (await Deliver(Event(7, "Stale name", "01:00", "02:00", active: false, version: 1))).ShouldBe("SUCCESS");
        (await Deliver(Event(7, "Shift Lembur", "22:00", "06:00", active: true, version: 2))).ShouldBe("SUCCESS");

        var shift = await Replica(7);
        (shift.Name, shift.StartAt, shift.EndAt, shift.Active, shift.Version).ShouldBe(("Shift Lembur", new TimeOnly(22, 0), new TimeOnly(6, 0), true, 2L));
    }

    [Fact]
    public async Task A_newer_version_replaces_the_copy()
    {
        await Deliver(Event(8, "Shift A", "08:00", "15:59", active: true, version: 1));
        await Deliver(Event(8, "Shift A", "09:00", "16:59", active: false, version: 2));

        var shift = await Replica(8);
        (shift.StartAt, shift.Active, shift.Version).ShouldBe((new TimeOnly(9, 0), false, 2L));
    }

    [Fact]
    public async Task An_unreadable_event_is_dropped_to_the_dead_letter_topic_not_retried_forever()
    {
        (await Deliver("""{"officeHoursId":"not a number"}""")).ShouldBe("DROP");
    }

    [Fact]
    public async Task The_start_up_sync_fills_the_copy_from_master_service()
    {
        await Eventually.HoldsAsync(() => TryReplica(1) is not null, "the sync copies shift 1");

        TryReplica(1)!.Name.ShouldBe("Shift Pagi");
    }

    [Fact]
    public async Task The_migrations_build_exactly_the_model_schema() =>
        await MigrationsMatchModel.AssertAsync<UserDbContext>(options => new UserDbContext(options));

    private async Task<string?> Deliver(string data)
    {
        var envelope = $$"""{"id":"{{Guid.NewGuid()}}","source":"master-service","type":"com.dapr.event.sent","specversion":"1.0","datacontenttype":"application/json","topic":"office-hours-changed","pubsubname":"pubsub","data":{{data}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/events/office-hours-changed")
        {
            Content = new StringContent(envelope, Encoding.UTF8, "application/cloudevents+json"),
            Headers = { { "dapr-api-token", TestTokens.AppApiToken } },
        };
        using var response = await _client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static string Event(int id, string name, string start, string end, bool active, long version) =>
        JsonSerializer.Serialize(new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, officeHoursId = id, name, startAt = start, endAt = end, active, version });

    private async Task<ShiftCopy> Replica(int id) =>
        TryReplica(id) ?? throw new InvalidOperationException($"Shift {id} is not in the copy.");

    private ShiftCopy? TryReplica(int id)
    {
        using var scope = _factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserDbContext>().ShiftCopies.AsNoTracking().FirstOrDefault(o => o.Id == id);
    }

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
