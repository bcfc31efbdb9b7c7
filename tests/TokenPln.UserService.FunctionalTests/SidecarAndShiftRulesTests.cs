using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Shifts;
using TokenPln.LocalCopies.Shifts;
using TokenPln.UserService.Data;

namespace TokenPln.UserService.FunctionalTests;

/// <summary>
/// Sidecar-only routes, the local copy of shifts that only master-service may pin, and cashiers judged on every request
/// by their account and shift as they are now.
/// </summary>
public sealed class SidecarAndShiftRulesTests : IAsyncLifetime, IDisposable
{
    private const string Password = "Rahasia#2026";
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _owner = null!;
    private HttpClient _sidecar = null!;

    public async Task InitializeAsync()
    {
        _factory.MasterShifts.AddRange(
        [
            new OfficeHoursSnapshot(1, "Shift Pagi", new(8, 0), new(15, 59), true, 1),
            new OfficeHoursSnapshot(2, "Shift Sore", new(16, 0), new(23, 59), true, 1),
            new OfficeHoursSnapshot(4, "Shift Malam", new(22, 0), new(5, 59), true, 1),
        ]);
        _factory.Clock.SetJakarta(2026, 11, 21, 10, 0);
        _owner = _factory.CreateClient();
        _sidecar = _factory.CreateClient().AsSidecar();
        await Eventually.HoldsAsync(() => Replica().Count == 3, "the shift copy is filled");
        _owner.As((await LoginAsync(ServiceFactory<Program>.OwnerEmail, ServiceFactory<Program>.OwnerPassword)).GetProperty("token").GetString()!);
        await CreateCashierAsync("K-001", "pagi@tokenpln.local", 1);
        await CreateCashierAsync("K-004", "malam@tokenpln.local", 4);
    }

    [Fact]
    public async Task An_event_posted_straight_to_the_app_without_the_app_token_is_refused_and_changes_nothing()
    {
        using var anonymous = _factory.CreateClient();
        using var forged = await anonymous.PostAsync("/events/office-hours-changed", CloudEvent(ShiftEvent(4, "Shift Malam", "00:00", "23:59", true, 99)));
        using var subscribe = await anonymous.GetAsync("/dapr/subscribe");

        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("invalid_app_token");
        subscribe.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var copy = Replica().Single(s => s.Id == 4);
        (copy.StartAt, copy.Version).ShouldBe((new TimeOnly(22, 0), 1L));
        await RefusedLoginAsync("malam@tokenpln.local", "outside_shift");
    }

    [Fact]
    public async Task A_shift_version_master_service_never_issued_is_overridden_by_the_next_sync()
    {
        // Something got a forged copy in (a leaked app token, a bug): version 99, open all day.
        (await DeliverAsync(ShiftEvent(4, "Shift Malam", "00:00", "23:59", true, 99))).ShouldBe("SUCCESS");
        (await LoginStatusAsync("malam@tokenpln.local")).ShouldBe(HttpStatusCode.OK, "the forged copy lets the night cashier in at midday");
        // A shift master-service never had is dropped as well.
        (await DeliverAsync(ShiftEvent(77, "Shift Palsu", "00:00", "23:59", true, 5))).ShouldBe("SUCCESS");

        (await Sync().SyncOnceAsync(CancellationToken.None)).ShouldBeTrue();

        var copy = Replica().Single(s => s.Id == 4);
        (copy.StartAt, copy.EndAt, copy.Version).ShouldBe((new TimeOnly(22, 0), new TimeOnly(5, 59), 1L));
        Replica().Select(s => s.Id).ShouldBe([1, 2, 4], ignoreOrder: true);
        await RefusedLoginAsync("malam@tokenpln.local", "outside_shift");
        // The owner's real edit, with master-service's next version, is applied as usual afterwards.
        (await DeliverAsync(ShiftEvent(4, "Shift Malam", "09:00", "17:59", true, 2))).ShouldBe("SUCCESS");
        (await LoginStatusAsync("malam@tokenpln.local")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_signed_in_cashier_is_refused_at_the_next_request_once_their_shift_is_deactivated()
    {
        using var cashier = await SignedInCashierAsync("pagi@tokenpln.local");

        (await DeliverAsync(ShiftEvent(1, "Shift Pagi", "08:00", "15:59", false, 2))).ShouldBe("SUCCESS");

        await RefusedAsync(cashier, "shift_inactive");
    }

    [Fact]
    public async Task A_signed_in_cashier_is_refused_at_the_next_request_once_their_shift_is_shortened_to_end_before_now()
    {
        using var cashier = await SignedInCashierAsync("pagi@tokenpln.local");

        (await DeliverAsync(ShiftEvent(1, "Shift Pagi", "08:00", "09:59", true, 2))).ShouldBe("SUCCESS");

        var problem = await RefusedAsync(cashier, "outside_shift");
        problem.GetProperty("detail").GetString()!.ShouldContain("jam kerja");
    }

    [Fact]
    public async Task A_signed_in_cashier_moved_to_a_shift_that_is_not_open_now_is_refused_and_every_service_hears_of_the_move()
    {
        using var cashier = await SignedInCashierAsync("pagi@tokenpln.local");
        var id = (await cashier.GetFromJsonAsync<JsonElement>("/api/users/me")).GetProperty("id").GetInt32();

        using var moved = await _owner.PatchAsJsonAsync($"/api/users/{id}", new { officeHoursId = 2 });

        moved.StatusCode.ShouldBe(HttpStatusCode.OK);
        await RefusedAsync(cashier, "outside_shift");
        // The outbox publishes in the background.
        StaffAccessChangedIntegrationEvent? announced = null;
        await Eventually.HoldsAsync(() => (announced = _factory.Events.Published.Where(e => e.Topic == Topics.StaffAccessChanged)
            .Select(e => JsonSerializer.Deserialize<StaffAccessChangedIntegrationEvent>(e.Json, Contracts.Json.ApiJson.Options)!)
            .LastOrDefault(e => e.UserId == id)) is not null, "the move is published");
        (announced!.OfficeHoursId, announced.Active).ShouldBe((2, true));
    }

    [Fact]
    public async Task A_cashier_can_be_put_on_a_shift_created_a_moment_ago_before_its_event_arrives()
    {
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(9, "Shift Baru", new(9, 0), new(12, 59), true, 1));

        var created = await CreateCashierAsync("K-009", "baru@tokenpln.local", 9);

        created.GetProperty("officeHours").GetProperty("name").GetString().ShouldBe("Shift Baru");
        (await LoginStatusAsync("baru@tokenpln.local")).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_shift_master_service_does_not_have_is_still_refused()
    {
        using var response = await _owner.PostAsJsonAsync("/api/users", Cashier("K-010", "tidakada@tokenpln.local", 55));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("officeHoursId", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task A_body_that_names_a_property_twice_is_refused_with_duplicate_property_and_changes_nothing()
    {
        var before = await DatabaseSnapshot.TakeAsync<UserDbContext>(_factory.Services);
        var id = (await _owner.GetFromJsonAsync<JsonElement>("/api/users")).GetProperty("items").EnumerateArray()
            .First(u => u.GetProperty("role").GetString() == "cashier").GetProperty("id").GetInt32();

        using var twoRoles = await PostRawAsync(_owner, "/api/users",
            """{"employeeNumber":"K-500","name":"Kasir","email":"k500@tokenpln.local","password":"Rahasia#2026","officeHoursId":1,"role":"cashier","role":"owner"}""");
        using var twoCasings = await PostRawAsync(_owner, "/api/users",
            """{"employeeNumber":"K-501","name":"Kasir","email":"k501@tokenpln.local","password":"Rahasia#2026","officeHoursId":1,"role":"cashier","Role":"owner"}""");
        using var twoActives = await SendRawAsync(_owner, HttpMethod.Patch, $"/api/users/{id}", """{"active":true,"active":false}""");
        using var twoLogins = await PostRawAsync(_factory.CreateClient(), "/api/auth/login",
            """{"email":"pagi@tokenpln.local","email":"malam@tokenpln.local","password":"Rahasia#2026"}""");
        using var twoInEvent = await _sidecar.PostAsync("/events/office-hours-changed", new StringContent(
            $$$"""{"id":"{{{Guid.NewGuid()}}}","datacontenttype":"application/json","data":{"officeHoursId":1,"officeHoursId":4,"name":"X","startAt":"00:00","endAt":"23:59","active":true,"version":9}}""",
            Encoding.UTF8, "application/cloudevents+json"));

        foreach (var (what, response) in new[] { ("role twice", twoRoles), ("role and Role", twoCasings), ("active twice", twoActives),
                     ("email twice", twoLogins), ("event field twice", twoInEvent) })
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            (response.StatusCode, problem.GetProperty("code").GetString()).ShouldBe((HttpStatusCode.BadRequest, "duplicate_property"), $"{what}: {problem}");
        }

        (await DatabaseSnapshot.TakeAsync<UserDbContext>(_factory.Services)).ShouldBe(before);
    }

    [Fact]
    public async Task Outside_development_the_service_does_not_start_without_an_app_api_token()
    {
        using var factory = new ServiceFactory<Program>();
        factory.Settings["APP_API_TOKEN"] = "";

        var error = Should.Throw<InvalidOperationException>(() => factory.CreateClient());

        error.Message.ShouldContain("APP_API_TOKEN");
    }

    private async Task<HttpClient> SignedInCashierAsync(string email)
    {
        var client = _factory.CreateClient().As((await LoginAsync(email, Password)).GetProperty("token").GetString()!);
        (await client.GetAsync("/api/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        return client;
    }

    private static async Task<JsonElement> RefusedAsync(HttpClient cashier, string code)
    {
        using var response = await cashier.GetAsync("/api/users/me");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe(code);
        return problem;
    }

    private async Task<string?> DeliverAsync(string data)
    {
        using var response = await _sidecar.PostAsync("/events/office-hours-changed", CloudEvent(data));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static StringContent CloudEvent(string data) => new(
        $$"""{"id":"{{Guid.NewGuid()}}","source":"master-service","type":"com.dapr.event.sent","specversion":"1.0","datacontenttype":"application/json","data":{{data}}}""",
        Encoding.UTF8, "application/cloudevents+json");

    private static string ShiftEvent(int id, string name, string start, string end, bool active, long version) =>
        JsonSerializer.Serialize(new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, officeHoursId = id, name, startAt = start, endAt = end, active, version });

    private async Task<JsonElement> LoginAsync(string email, string password)
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string email)
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        return response.StatusCode;
    }

    private async Task RefusedLoginAsync(string email, string code)
    {
        using var anonymous = _factory.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    private async Task<JsonElement> CreateCashierAsync(string employeeNumber, string email, int shift)
    {
        using var response = await _owner.PostAsJsonAsync("/api/users", Cashier(employeeNumber, email, shift));
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static object Cashier(string employeeNumber, string email, int shift) =>
        new { employeeNumber, name = "Kasir " + employeeNumber, email, password = Password, officeHoursId = shift };

    private static Task<HttpResponseMessage> PostRawAsync(HttpClient client, string path, string json) => SendRawAsync(client, HttpMethod.Post, path, json);

    private static Task<HttpResponseMessage> SendRawAsync(HttpClient client, HttpMethod method, string path, string json) =>
        client.SendAsync(new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") });

    private ShiftCopySync<UserDbContext> Sync() => _factory.Services.GetRequiredService<ShiftCopySync<UserDbContext>>();

    private List<ShiftCopy> Replica()
    {
        using var scope = _factory.Services.CreateScope();
        return scope.ServiceProvider.GetRequiredService<UserDbContext>().ShiftCopies.AsNoTracking().ToList();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _owner.Dispose();
        _sidecar.Dispose();
        _factory.Dispose();
    }
}
