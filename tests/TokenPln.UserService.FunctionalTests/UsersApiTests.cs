using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TokenPln.Contracts.Shifts;

namespace TokenPln.UserService.FunctionalTests;

public sealed class UsersApiTests : IAsyncLifetime, IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _owner = null!;

    public async Task InitializeAsync()
    {
        // Open all day, so that cashiers' own requests are inside their shift whatever the time of the run.
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Penuh", new(0, 0), new(23, 59), true, 1));
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(3, "Shift Malam", new(0, 0), new(7, 59), false, 1));
        _owner = _factory.CreateClient();
        using var login = await _owner.PostAsJsonAsync("/api/auth/login", new { email = ServiceFactory<Program>.OwnerEmail, password = ServiceFactory<Program>.OwnerPassword });
        _owner.As((await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!);
        await Eventually.HoldsAsync(() => _factory.MasterShifts.Count == 2, "shifts scripted");
    }

    [Fact]
    public async Task The_owner_creates_a_cashier_and_reads_it_back_with_office_hours_embedded_and_no_password()
    {
        await WaitForShiftsAsync();

        using var created = await _owner.PostAsJsonAsync("/api/users", Cashier("K-100", "Siti@TokenPln.local"));
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetInt32();
        var read = await _owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}");

        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        created.Headers.Location!.ToString().ShouldBe($"/api/users/{id}");
        read.GetProperty("email").GetString().ShouldBe("siti@tokenpln.local");
        read.GetProperty("role").GetString().ShouldBe("cashier");
        read.GetProperty("officeHours").GetProperty("startAt").GetString().ShouldBe("00:00");
        read.EnumerateObject().Select(p => p.Name).ShouldBe(
            ["id", "employeeNumber", "name", "email", "phone", "address", "role", "active", "officeHoursId", "officeHours"]);
    }

    [Fact]
    public async Task The_list_is_paged_and_embeds_each_users_office_hours()
    {
        await WaitForShiftsAsync();
        for (var i = 0; i < 3; i++)
        {
            (await _owner.PostAsJsonAsync("/api/users", Cashier($"K-2{i}", $"k2{i}@tokenpln.local"))).EnsureSuccessStatusCode();
        }

        var page = await _owner.GetFromJsonAsync<JsonElement>("/api/users?page=2&pageSize=2");

        page.GetProperty("total").GetInt32().ShouldBe(4, "the owner and three cashiers");
        (page.GetProperty("page").GetInt32(), page.GetProperty("pageSize").GetInt32()).ShouldBe((2, 2));
        page.GetProperty("items").EnumerateArray().ShouldAllBe(u => u.GetProperty("officeHours").GetProperty("id").GetInt32() == 1);
    }

    [Theory]
    [InlineData("email", "Siti@TokenPln.local", "email_taken")]
    [InlineData("employeeNumber", "K-300", "employee_number_taken")]
    public async Task Emails_and_employee_numbers_are_unique(string field, string value, string code)
    {
        await WaitForShiftsAsync();
        (await _owner.PostAsJsonAsync("/api/users", Cashier("K-300", "siti@tokenpln.local"))).EnsureSuccessStatusCode();
        var second = field == "email" ? Cashier("K-301", value) : Cashier(value, "other@tokenpln.local");

        using var response = await _owner.PostAsJsonAsync("/api/users", second);

        response.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe(code);
    }

    [Theory]
    [InlineData("""{"name":"A","email":"a@b.co","password":"12345678","officeHoursId":1}""", "employeeNumber")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"bukan","password":"12345678","officeHoursId":1}""", "email")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"a@b.co","password":"pendek","officeHoursId":1}""", "password")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"a@b.co","password":"12345678"}""", "officeHoursId")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"a@b.co","password":"12345678","officeHoursId":99}""", "officeHoursId")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"a@b.co","password":"12345678","officeHoursId":1,"role":"admin"}""", "role")]
    [InlineData("""{"employeeNumber":"K","name":"A\u0000B","email":"a@b.co","password":"12345678","officeHoursId":1}""", "name")]
    [InlineData("""{"employeeNumber":"K","name":"A","email":"a@b.co","password":"12345678","officeHoursId":1,"phone":"call me"}""", "phone")]
    public async Task Invalid_new_users_get_400_naming_the_field(string body, string field)
    {
        await WaitForShiftsAsync();

        using var response = await _owner.PostAsync("/api/users", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    [Fact]
    public async Task Patch_changes_office_hours_and_active_only()
    {
        await WaitForShiftsAsync();
        var id = (await (await _owner.PostAsJsonAsync("/api/users", Cashier("K-400", "k400@tokenpln.local"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt32();

        using var patched = await _owner.PatchAsJsonAsync($"/api/users/{id}", new { officeHoursId = 3, active = false });
        using var forbiddenField = await _owner.PatchAsJsonAsync($"/api/users/{id}", new { name = "Nama Baru" });
        using var wrongType = await _owner.PatchAsJsonAsync($"/api/users/{id}", new { active = "yes" });
        using var missing = await _owner.PatchAsJsonAsync("/api/users/9999", new { active = true });

        var user = await patched.Content.ReadFromJsonAsync<JsonElement>();
        (user.GetProperty("officeHoursId").GetInt32(), user.GetProperty("active").GetBoolean(), user.GetProperty("officeHours").GetProperty("name").GetString())
            .ShouldBe((3, false, "Shift Malam"));
        forbiddenField.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forbiddenField.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("name", out _).ShouldBeTrue();
        wrongType.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await _owner.GetFromJsonAsync<JsonElement>($"/api/users/{id}")).GetProperty("name").GetString().ShouldBe("Kasir K-400");
    }

    [Fact]
    public async Task Every_route_answers_each_kind_of_caller_as_its_audience_allows()
    {
        await WaitForShiftsAsync();
        var cashierId = await CreateCashierAsync("K-600", "k600@tokenpln.local");
        var deactivatedId = await CreateCashierAsync("K-601", "k601@tokenpln.local");
        (await _owner.PatchAsJsonAsync($"/api/users/{deactivatedId}", new { active = false })).EnsureSuccessStatusCode();
        var routes = new Dictionary<string, Audience>(AuthorizationMatrix.Plumbing)
        {
            ["POST /api/auth/login"] = Audience.Anyone,
            ["GET /api/users/me"] = Audience.Staff,
            ["GET /api/users/"] = Audience.Owner,
            ["POST /api/users/"] = Audience.Owner,
            ["GET /api/users/{id:int}"] = Audience.Owner,
            ["PATCH /api/users/{id:int}"] = Audience.Owner,
            ["POST /events/office-hours-changed"] = Audience.Sidecar,
            ["GET /internal/staff-access"] = Audience.Sidecar,
            ["POST /api/users/me/password"] = Audience.Staff,
            ["POST /api/users/{id:int}/password"] = Audience.Owner,
            // Last: it ends the sessions of the callers it lets through.
            ["POST /api/auth/logout"] = Audience.Staff,
        };

        AuthorizationMatrix.RoutesOf(_factory.Services).ShouldBe(routes.Keys, ignoreOrder: true);
        using var client = _factory.CreateClient();
        await AuthorizationMatrix.VerifyAsync(client, routes,
            new(TestTokens.Cashier(cashierId, 1), TestTokens.Owner(), TestTokens.Cashier(deactivatedId, 1)),
            new Dictionary<string, string> { ["id"] = cashierId.ToString() });
    }

    [Fact]
    public async Task Deactivating_a_cashier_ends_their_sessions_for_good_and_tells_the_other_services()
    {
        await WaitForShiftsAsync();
        var id = await CreateCashierAsync("K-700", "k700@tokenpln.local");
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(id, 1));
        (await cashier.GetAsync("/api/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await _owner.PatchAsJsonAsync($"/api/users/{id}", new { active = false })).EnsureSuccessStatusCode();
        using var afterDeactivation = await cashier.GetAsync("/api/users/me");
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        (await _owner.PatchAsJsonAsync($"/api/users/{id}", new { active = true })).EnsureSuccessStatusCode();
        using var afterReactivation = await cashier.GetAsync("/api/users/me");
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));
        using var freshToken = _factory.CreateClient().As(TestTokens.Cashier(id, 1, issuedAt: _factory.Clock.GetUtcNow()));

        afterDeactivation.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterDeactivation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("account_inactive");
        afterReactivation.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "a token issued before the deactivation stays dead");
        (await freshToken.GetAsync("/api/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => _factory.Events.Published.Count(e => e.Topic == "staff-access-changed") == 2, "both changes are published");
        var announced = _factory.Events.Published.Where(e => e.Topic == "staff-access-changed")
            .Select(e => JsonDocument.Parse(e.Json).RootElement).OrderBy(e => e.GetProperty("version").GetInt64()).ToList();
        announced.Select(e => (e.GetProperty("userId").GetInt32(), e.GetProperty("active").GetBoolean(), e.GetProperty("version").GetInt64()))
            .ShouldBe([(id, false, 1L), (id, true, 2L)]);
        announced[1].GetProperty("tokensRevokedBefore").GetDateTimeOffset().ShouldBe(announced[0].GetProperty("tokensRevokedBefore").GetDateTimeOffset());
    }

    [Fact]
    public async Task Logout_ends_the_session_everywhere_and_a_new_login_in_the_same_second_works()
    {
        using var client = _factory.CreateClient();
        var before = await LoginAsync(client);
        using var session = _factory.CreateClient().As(before);

        using var logout = await session.PostAsync("/api/auth/logout", null);
        using var afterLogout = await session.GetAsync("/api/users/me");
        var again = await LoginAsync(client);
        using var newSession = _factory.CreateClient().As(again);

        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        afterLogout.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterLogout.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("session_ended");
        (await newSession.GetAsync("/api/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the clock has not moved, yet the new login is after the logout");
        await Eventually.HoldsAsync(() => _factory.Events.Published.Any(e => e.Topic == "staff-access-changed"), "the logout is announced");
        var announced = JsonDocument.Parse(_factory.Events.Published.Single(e => e.Topic == "staff-access-changed").Json).RootElement;
        (announced.GetProperty("userId").GetInt32(), announced.GetProperty("active").GetBoolean()).ShouldBe((1, true));
        announced.GetProperty("tokensRevokedBefore").ValueKind.ShouldBe(JsonValueKind.String);
    }

    [Fact]
    public async Task The_owner_cannot_deactivate_their_own_account()
    {
        using var response = await _owner.PatchAsJsonAsync("/api/users/1", new { active = false });

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("cannot_deactivate_self");
    }

    [Fact]
    public async Task Me_answers_the_logged_in_cashier_and_a_token_signed_with_another_key_is_refused()
    {
        await WaitForShiftsAsync();
        var id = (await (await _owner.PostAsJsonAsync("/api/users", Cashier("K-500", "k500@tokenpln.local"))).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetInt32();
        using var cashier = _factory.CreateClient().As(TestTokens.Cashier(id, 1));
        using var forger = _factory.CreateClient().As(TestTokens.Owner(key: "another-signing-key-0123456789abcdefghij"));

        var me = await cashier.GetFromJsonAsync<JsonElement>("/api/users/me");
        using var forged = await forger.GetAsync("/api/users");

        me.GetProperty("employeeNumber").GetString().ShouldBe("K-500");
        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task WaitForShiftsAsync()
    {
        await Eventually.HoldsAsync(async () =>
        {
            using var response = await _owner.PostAsJsonAsync("/api/users", new { });
            return response.StatusCode == HttpStatusCode.BadRequest;
        }, "the service answers");
        await Eventually.HoldsAsync(() => ShiftCount() >= 2, "the shift copy is filled");
    }

    private int ShiftCount()
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_factory.Services);
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Data.UserDbContext>(scope.ServiceProvider)
            .ShiftCopies.Count();
    }

    private static async Task<string> LoginAsync(HttpClient client)
    {
        using var login = await client.PostAsJsonAsync("/api/auth/login",
            new { email = ServiceFactory<Program>.OwnerEmail, password = ServiceFactory<Program>.OwnerPassword });
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    private async Task<int> CreateCashierAsync(string employeeNumber, string email)
    {
        using var created = await _owner.PostAsJsonAsync("/api/users", Cashier(employeeNumber, email));
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    private static object Cashier(string employeeNumber, string email) =>
        new { employeeNumber, name = "Kasir " + employeeNumber, email, password = "Rahasia#2026", phone = "0812-3456-7890", address = "Jl. Merdeka 1", officeHoursId = 1 };

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _owner?.Dispose();
        _factory.Dispose();
    }
}
