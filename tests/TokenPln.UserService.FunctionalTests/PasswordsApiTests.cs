using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Contracts.Shifts;

namespace TokenPln.UserService.FunctionalTests;

public sealed class PasswordsApiTests : IAsyncLifetime, IDisposable
{
    private const string CashierPassword = "Rahasia#2026";
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _owner = null!;
    private int _cashierId;

    public async Task InitializeAsync()
    {
        _factory.MasterShifts.Add(new OfficeHoursSnapshot(1, "Shift Pagi", new(8, 0), new(15, 59), true, 1));
        _factory.Clock.SetJakarta(2026, 11, 21, 15, 0);
        _owner = _factory.CreateClient();
        _owner.As((await LoginAsync(ServiceFactory<Program>.OwnerEmail, ServiceFactory<Program>.OwnerPassword)).Token);
        await Eventually.HoldsAsync(() => ShiftCopied(), "the shift copy is filled");
        using var created = await _owner.PostAsJsonAsync("/api/users",
            new { employeeNumber = "K-100", name = "Kasir Satu", email = "k100@tokenpln.local", password = CashierPassword, officeHoursId = 1 });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        _cashierId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
    }

    [Fact]
    public async Task A_cashier_changes_their_own_password_ends_their_old_sessions_and_gets_a_token_that_still_ends_with_the_shift()
    {
        var (oldToken, _) = await LoginAsync("k100@tokenpln.local", CashierPassword);
        using var oldSession = _factory.CreateClient().As(oldToken);
        // JWTs carry whole seconds: a token from the very second of a cut-off is indistinguishable from one issued after it.
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));

        using var changed = await oldSession.PostAsJsonAsync("/api/users/me/password", new { currentPassword = CashierPassword, newPassword = "Baru#Rahasia2026" });

        changed.StatusCode.ShouldBe(HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());
        var session = await changed.Content.ReadFromJsonAsync<JsonElement>();
        session.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.FromHours(7)));
        session.GetProperty("user").GetProperty("id").GetInt32().ShouldBe(_cashierId);
        using var afterChange = await oldSession.GetAsync("/api/users/me");
        afterChange.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterChange.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("session_ended");
        using var newSession = _factory.CreateClient().As(session.GetProperty("token").GetString()!);
        (await newSession.GetAsync("/api/users/me")).StatusCode.ShouldBe(HttpStatusCode.OK, "the fresh token outlives the cut-off of the same second");
        (await LoginStatusAsync("k100@tokenpln.local", CashierPassword)).ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginStatusAsync("k100@tokenpln.local", "Baru#Rahasia2026")).ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => Announced(_cashierId), "the other services hear that the sessions ended");
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing_and_counts_toward_the_login_throttle()
    {
        for (var i = 0; i < 5; i++)
        {
            using var wrong = await _owner.PostAsJsonAsync("/api/users/me/password", new { currentPassword = "tebak-" + i, newPassword = "Pemilik#Baru2026" });
            wrong.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("current_password_wrong");
        }

        using var throttled = await _owner.PostAsJsonAsync("/api/users/me/password",
            new { currentPassword = ServiceFactory<Program>.OwnerPassword, newPassword = "Pemilik#Baru2026" });
        using var login = await _factory.CreateClient().PostAsJsonAsync("/api/auth/login",
            new { email = ServiceFactory<Program>.OwnerEmail, password = ServiceFactory<Program>.OwnerPassword });

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await throttled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too_many_attempts");
        login.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "the same guesses count against login from that address");
        _factory.Clock.Advance(TimeSpan.FromMinutes(16));
        (await LoginStatusAsync(ServiceFactory<Program>.OwnerEmail, ServiceFactory<Program>.OwnerPassword)).ShouldBe(HttpStatusCode.OK, "the password is unchanged");
        (await LoginStatusAsync(ServiceFactory<Program>.OwnerEmail, "Pemilik#Baru2026")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_owner_resets_a_cashiers_password_and_every_session_of_the_cashier_ends()
    {
        var (cashierToken, _) = await LoginAsync("k100@tokenpln.local", CashierPassword);
        using var cashier = _factory.CreateClient().As(cashierToken);
        _factory.Clock.Advance(TimeSpan.FromSeconds(1));

        using var reset = await _owner.PostAsJsonAsync($"/api/users/{_cashierId}/password", new { newPassword = "Reset#Kasir2026" });

        reset.StatusCode.ShouldBe(HttpStatusCode.NoContent, await reset.Content.ReadAsStringAsync());
        using var afterReset = await cashier.GetAsync("/api/users/me");
        afterReset.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await afterReset.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("session_ended");
        (await LoginStatusAsync("k100@tokenpln.local", CashierPassword)).ShouldBe(HttpStatusCode.Unauthorized);
        (await LoginStatusAsync("k100@tokenpln.local", "Reset#Kasir2026")).ShouldBe(HttpStatusCode.OK);
        await Eventually.HoldsAsync(() => Announced(_cashierId), "the other services hear that the sessions ended");
    }

    [Fact]
    public async Task The_owner_cannot_reset_their_own_password_without_knowing_it_nor_a_cashier_anyones()
    {
        using var own = await _owner.PostAsJsonAsync("/api/users/1/password", new { newPassword = "Pemilik#Baru2026" });
        using var cashier = _factory.CreateClient().As((await LoginAsync("k100@tokenpln.local", CashierPassword)).Token);
        using var byCashier = await cashier.PostAsJsonAsync("/api/users/1/password", new { newPassword = "Pemilik#Baru2026" });

        own.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("cannot_reset_own_password");
        byCashier.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await LoginStatusAsync(ServiceFactory<Program>.OwnerEmail, ServiceFactory<Program>.OwnerPassword)).ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("me", """{"currentPassword":"Functional#Owner1","newPassword":"pendek"}""", "newPassword")]
    [InlineData("me", """{"newPassword":"Panjang#Sekali1"}""", "currentPassword")]
    [InlineData("cashier", """{"newPassword":"pendek"}""", "newPassword")]
    [InlineData("cashier", """{}""", "newPassword")]
    public async Task New_passwords_are_checked_like_at_user_creation(string target, string body, string field)
    {
        var path = target == "me" ? "/api/users/me/password" : $"/api/users/{_cashierId}/password";

        using var response = await _owner.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue(problem.ToString());
    }

    private async Task<(string Token, JsonElement Body)> LoginAsync(string email, string password)
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("token").GetString()!, body);
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string email, string password)
    {
        using var client = _factory.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        return response.StatusCode;
    }

    private bool Announced(int userId) => _factory.Events.Published
        .Where(e => e.Topic == "staff-access-changed")
        .Select(e => JsonDocument.Parse(e.Json).RootElement)
        .Any(e => e.GetProperty("userId").GetInt32() == userId && e.GetProperty("tokensRevokedBefore").ValueKind == JsonValueKind.String);

    private bool ShiftCopied()
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_factory.Services);
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Data.UserDbContext>(scope.ServiceProvider)
            .ShiftCopies.Any();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _owner?.Dispose();
        _factory.Dispose();
    }
}
