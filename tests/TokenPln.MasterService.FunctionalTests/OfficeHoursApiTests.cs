using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Json;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class OfficeHoursApiTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private readonly HttpClient _client;

    public OfficeHoursApiTests() => _client = _factory.CreateClient();

    [Fact]
    public async Task The_three_default_shifts_are_seeded_with_only_the_morning_one_active()
    {
        var list = await _client.GetFromJsonAsync<JsonElement>("/api/office-hours");

        list.GetProperty("total").GetInt32().ShouldBe(3);
        list.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("name").GetString()} {i.GetProperty("startAt").GetString()}-{i.GetProperty("endAt").GetString()} {i.GetProperty("active").GetBoolean()}")
            .ShouldBe(["Shift Pagi 08:00-15:59 True", "Shift Sore 16:00-23:59 False", "Shift Malam 00:00-07:59 False"]);
    }

    [Theory]
    [InlineData("true", 1)]
    [InlineData("false", 2)]
    public async Task The_active_filter_selects_shifts(string active, int expected)
    {
        var list = await _client.GetFromJsonAsync<JsonElement>($"/api/office-hours?active={active}");

        list.GetProperty("items").GetArrayLength().ShouldBe(expected);
        list.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("active").GetBoolean() == bool.Parse(active));
    }

    [Theory]
    [InlineData("/api/office-hours?active=maybe")]
    [InlineData("/api/office-hours?active=")]
    public async Task A_bad_filter_value_is_a_400_problem_with_a_code(string path)
    {
        using var response = await _client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("malformed_request");
    }

    [Fact]
    public async Task One_shift_is_read_by_id_and_a_missing_one_is_a_404_problem()
    {
        var shift = await _client.GetFromJsonAsync<JsonElement>("/api/office-hours/2");
        using var missing = await _client.GetAsync("/api/office-hours/99");
        using var notANumber = await _client.GetAsync("/api/office-hours/abc");

        shift.GetProperty("name").GetString().ShouldBe("Shift Sore");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("not_found");
        notANumber.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Replicas_read_every_shift_with_its_version()
    {
        var shifts = await _client.GetFromJsonAsync<JsonElement>("/internal/office-hours");

        shifts.EnumerateArray().Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("version").GetInt64())).ShouldBe([(1, 1L), (2, 1L), (3, 1L)]);
    }

    [Fact]
    public async Task Seeding_publishes_one_office_hours_changed_event_per_shift_through_the_outbox()
    {
        await Eventually.HoldsAsync(() => _factory.Events.Published.Count >= 3, "the seeded events are published");

        var events = _factory.Events.Published.ToList();
        events.ShouldAllBe(e => e.Topic == Topics.OfficeHoursChanged);
        events.Select(e => JsonSerializer.Deserialize<OfficeHoursChangedIntegrationEvent>(e.Json, ApiJson.Options)!)
            .Select(e => (e.OfficeHoursId, e.Name, e.Version)).OrderBy(e => e.OfficeHoursId)
            .ShouldBe([(1, "Shift Pagi", 1L), (2, "Shift Sore", 1L), (3, "Shift Malam", 1L)]);
        events.Select(e => e.EventId).Distinct().Count().ShouldBe(3);

        using var scope = _factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<MasterDbContext>();
        await Eventually.HoldsAsync(() => db.OutboxMessages.AsNoTracking().All(m => m.PublishedAt != null), "every outbox row is marked published");
    }

    [Fact]
    public async Task The_migrations_build_exactly_the_model_schema() =>
        await MigrationsMatchModel.AssertAsync<MasterDbContext>(options => new MasterDbContext(options));

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
