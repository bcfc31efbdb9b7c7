using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Json;
using TokenPln.MasterService.Data;

namespace TokenPln.MasterService.FunctionalTests;

public sealed class OfficeHoursApiTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private readonly HttpClient _client;

    public OfficeHoursApiTests() => _client = _factory.CreateClient().As(TestTokens.Owner());

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
        using var sidecar = _factory.CreateClient().AsSidecar();
        var shifts = await sidecar.GetFromJsonAsync<JsonElement>("/internal/office-hours");

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
    public async Task The_owner_adds_an_overnight_shift_and_an_event_carries_it_to_the_replicas()
    {
        using var created = await _client.PostAsJsonAsync("/api/office-hours", new { name = "Shift Lembur", startAt = "22:00", endAt = "05:59", active = true });
        var shift = await created.Content.ReadFromJsonAsync<JsonElement>();

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"/api/office-hours/{shift.GetProperty("id").GetInt32()}");
        (shift.GetProperty("startAt").GetString(), shift.GetProperty("endAt").GetString()).ShouldBe(("22:00", "05:59"));
        await Eventually.HoldsAsync(() => Published().Any(e => e.Name == "Shift Lembur"), "the change is published");
        Published().Single(e => e.Name == "Shift Lembur").OfficeHoursId.ShouldBe(shift.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Every_change_bumps_the_version_and_publishes_the_new_state()
    {
        using var first = await _client.PatchAsJsonAsync("/api/office-hours/2", new { active = true });
        using var second = await _client.PatchAsJsonAsync("/api/office-hours/2", new { startAt = "15:00", endAt = "22:59" });
        var shift = await second.Content.ReadFromJsonAsync<JsonElement>();

        first.StatusCode.ShouldBe(HttpStatusCode.OK);
        (shift.GetProperty("version").GetInt64(), shift.GetProperty("active").GetBoolean(), shift.GetProperty("startAt").GetString(), shift.GetProperty("name").GetString())
            .ShouldBe((3L, true, "15:00", "Shift Sore"));
        await Eventually.HoldsAsync(() => Published().Count(e => e.OfficeHoursId == 2) >= 3, "each version is published");
        Published().Where(e => e.OfficeHoursId == 2).Select(e => e.Version).Order().ShouldBe([1L, 2L, 3L]);
    }

    [Theory]
    [InlineData("POST", "/api/office-hours", """{"startAt":"08:00","endAt":"09:00"}""", "name")]
    [InlineData("POST", "/api/office-hours", """{"name":"X","endAt":"09:00"}""", "startAt")]
    [InlineData("POST", "/api/office-hours", """{"name":"X","startAt":"08:00","endAt":"08:00"}""", "endAt")]
    [InlineData("PATCH", "/api/office-hours/1", """{}""", "body")]
    [InlineData("PATCH", "/api/office-hours/1", """{"startAt":"15:59"}""", "endAt")]
    public async Task Invalid_shift_changes_get_400_naming_the_field(string method, string path, string body, string field)
    {
        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Theory]
    [InlineData("""{"name":"X","startAt":"25:00","endAt":"09:00"}""")]
    [InlineData("""{"name":"X","startAt":"8","endAt":"09:00"}""")]
    [InlineData("""{"name":"X","startAt":"08:00","endAt":"09:00","colour":"red"}""")]
    [InlineData("""{"name":123,"startAt":"08:00","endAt":"09:00"}""")]
    public async Task Malformed_times_wrong_types_and_unknown_fields_are_refused(string body)
    {
        using var response = await _client.PostAsync("/api/office-hours", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("malformed_request");
    }

    [Fact]
    public async Task Patching_a_missing_shift_is_a_404_problem()
    {
        using var response = await _client.PatchAsJsonAsync("/api/office-hours/404", new { active = true });

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("GET", "/api/office-hours")]
    [InlineData("GET", "/api/office-hours/1")]
    [InlineData("POST", "/api/office-hours")]
    [InlineData("PATCH", "/api/office-hours/1")]
    public async Task Office_hours_are_the_owners_alone(string method, string path)
    {
        using var anonymous = _factory.CreateClient();
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(5, await _factory.AddAllDayShiftAsync()));

        using var anonymousResponse = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { active = true }) });
        using var cashierResponse = await cashier.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { active = true }) });

        anonymousResponse.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        cashierResponse.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    private List<OfficeHoursChangedIntegrationEvent> Published() =>
        _factory.Events.Published.Where(e => e.Topic == Topics.OfficeHoursChanged)
            .Select(e => JsonSerializer.Deserialize<OfficeHoursChangedIntegrationEvent>(e.Json, ApiJson.Options)!).ToList();

    [Fact]
    public async Task The_migrations_build_exactly_the_model_schema() =>
        await MigrationsMatchModel.AssertAsync<MasterDbContext>(options => new MasterDbContext(options));

    public void Dispose()
    {
        _client.Dispose();
        _factory.Dispose();
    }
}
