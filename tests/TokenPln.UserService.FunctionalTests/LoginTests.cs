using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TokenPln.Contracts.Shifts;

namespace TokenPln.UserService.FunctionalTests;

public sealed class LoginTests : IAsyncLifetime, IDisposable
{
    private const string Password = "Rahasia#2026";
    private readonly ServiceFactory<Program> _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _factory.MasterShifts.AddRange(
        [
            new OfficeHoursSnapshot(1, "Shift Pagi", new(8, 0), new(15, 59), true, 1),
            new OfficeHoursSnapshot(2, "Shift Sore", new(16, 0), new(23, 59), false, 1),
            new OfficeHoursSnapshot(4, "Shift Malam", new(22, 0), new(5, 59), true, 1),
        ]);
        _factory.Clock.SetJakarta(2026, 11, 21, 10, 0);
        _client = _factory.CreateClient();
        await Eventually.HoldsAsync(() => ReplicaHas(3), "the shift copy is filled");
        var owner = await LoginAsync(ServiceFactory<Program>.OwnerEmail, ServiceFactory<Program>.OwnerPassword);
        _client.As(owner.GetProperty("token").GetString()!);
        await Create("K-001", "pagi@tokenpln.local", 1);
        await Create("K-002", "sore@tokenpln.local", 2);
        await Create("K-004", "malam@tokenpln.local", 4);
        await Create("K-009", "nonaktif@tokenpln.local", 1, active: false);
        _client.DefaultRequestHeaders.Authorization = null;
    }

    [Fact]
    public async Task The_development_owner_logs_in_at_any_hour_with_an_owner_token()
    {
        _factory.Clock.SetJakarta(2026, 11, 21, 3, 0);

        var login = await LoginAsync(ServiceFactory<Program>.OwnerEmail.ToUpperInvariant(), ServiceFactory<Program>.OwnerPassword);

        login.GetProperty("user").GetProperty("role").GetString().ShouldBe("owner");
        Claims(login)["role"].ShouldBe("owner");
    }

    [Theory]
    [InlineData(8, 0, 0)]
    [InlineData(12, 0, 0)]
    [InlineData(15, 59, 59)]
    public async Task A_cashier_logs_in_inside_the_shift_including_its_first_and_last_minute(int hour, int minute, int second)
    {
        _factory.Clock.SetJakarta(2026, 11, 21, hour, minute, second);

        var login = await LoginAsync("pagi@tokenpln.local", Password);

        var user = login.GetProperty("user");
        user.GetProperty("officeHours").GetProperty("name").GetString().ShouldBe("Shift Pagi");
        var claims = Claims(login);
        (claims["role"], claims["ohid"], claims["name"]).ShouldBe(("cashier", "1", "Kasir K-001"));
    }

    [Theory]
    [InlineData(7, 59, 59)]
    [InlineData(16, 0, 0)]
    [InlineData(23, 0, 0)]
    public async Task A_cashier_outside_the_shift_is_refused_with_outside_shift(int hour, int minute, int second)
    {
        _factory.Clock.SetJakarta(2026, 11, 21, hour, minute, second);

        var problem = await RefusedAsync("pagi@tokenpln.local", Password, HttpStatusCode.Forbidden, "outside_shift");

        problem.GetProperty("startAt").GetString().ShouldBe("08:00");
        problem.GetProperty("detail").GetString()!.ShouldContain("08:00–15:59 WIB");
    }

    [Theory]
    [InlineData(21, 23, 30, true)]
    [InlineData(22, 2, 0, true)]
    [InlineData(22, 5, 59, true)]
    [InlineData(22, 6, 0, false)]
    [InlineData(21, 21, 59, false)]
    public async Task An_overnight_shift_lets_its_cashier_in_on_both_sides_of_midnight(int day, int hour, int minute, bool admitted)
    {
        _factory.Clock.SetJakarta(2026, 11, day, hour, minute);

        using var response = await _client.PostAsJsonAsync("/api/auth/login", new { email = "malam@tokenpln.local", password = Password });

        response.StatusCode.ShouldBe(admitted ? HttpStatusCode.OK : HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_cashier_token_expires_at_the_end_of_the_shift()
    {
        _factory.Clock.SetJakarta(2026, 11, 21, 15, 0);

        var login = await LoginAsync("pagi@tokenpln.local", Password);

        var shiftEnd = new DateTimeOffset(2026, 11, 21, 16, 0, 0, TimeSpan.FromHours(7));
        login.GetProperty("expiresAt").GetDateTimeOffset().ShouldBe(shiftEnd);
        long.Parse(Claims(login)["exp"]).ShouldBe(shiftEnd.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task The_token_stops_working_when_the_shift_ends()
    {
        _factory.Clock.SetJakarta(2026, 11, 21, 15, 58);
        var token = (await LoginAsync("pagi@tokenpln.local", Password)).GetProperty("token").GetString()!;
        _client.As(token);

        using var during = await _client.GetAsync("/api/users/me");
        _factory.Clock.SetJakarta(2026, 11, 21, 16, 0);
        using var after = await _client.GetAsync("/api/users/me");

        during.StatusCode.ShouldBe(HttpStatusCode.OK);
        after.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("token_expired");
    }

    [Fact]
    public async Task A_cashier_on_an_inactive_shift_is_refused_with_shift_inactive()
    {
        _factory.Clock.SetJakarta(2026, 11, 21, 17, 0);

        await RefusedAsync("sore@tokenpln.local", Password, HttpStatusCode.Forbidden, "shift_inactive");
    }

    [Fact]
    public async Task An_inactive_account_is_refused_with_account_inactive()
    {
        await RefusedAsync("nonaktif@tokenpln.local", Password, HttpStatusCode.Forbidden, "account_inactive");
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_401()
    {
        var wrongPassword = await RefusedAsync("pagi@tokenpln.local", "salah-sekali", HttpStatusCode.Unauthorized, "invalid_credentials");
        var unknownEmail = await RefusedAsync("siapa@tokenpln.local", Password, HttpStatusCode.Unauthorized, "invalid_credentials");

        wrongPassword.GetProperty("detail").GetString().ShouldBe(unknownEmail.GetProperty("detail").GetString());
        wrongPassword.GetProperty("title").GetString().ShouldBe(unknownEmail.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Repeated_failures_for_one_account_are_throttled_with_429_and_retry_after()
    {
        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync("sore@tokenpln.local", "tebak-" + i, HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        using var throttled = await _client.PostAsJsonAsync("/api/auth/login", new { email = "sore@tokenpln.local", password = Password });

        throttled.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        throttled.Headers.RetryAfter.ShouldNotBeNull();
        (await throttled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("too_many_attempts");
        _factory.Clock.SetJakarta(2026, 11, 21, 10, 16);
        using var later = await _client.PostAsJsonAsync("/api/auth/login", new { email = "sore@tokenpln.local", password = Password });
        later.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "after the window the account may try again (and meets its inactive shift)");
    }

    [Theory]
    [InlineData("""{"email":"","password":"x"}""", "email")]
    [InlineData("""{"email":"bukan-email","password":"x"}""", "email")]
    [InlineData("""{"email":"a@b.co"}""", "password")]
    public async Task Incomplete_login_requests_get_validation_problems(string body, string field)
    {
        using var response = await _client.PostAsync("/api/auth/login", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        problem.GetProperty("code").GetString().ShouldBe("validation_failed");
        problem.GetProperty("errors").TryGetProperty(field, out _).ShouldBeTrue();
    }

    private async Task<JsonElement> LoginAsync(string email, string password)
    {
        using var response = await _client.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> RefusedAsync(string email, string password, HttpStatusCode status, string code)
    {
        using var response = await _client.PostAsJsonAsync("/api/auth/login", new { email, password });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(status, problem.ToString());
        problem.GetProperty("code").GetString().ShouldBe(code);
        return problem;
    }

    private async Task Create(string employeeNumber, string email, int shift, bool active = true)
    {
        using var response = await _client.PostAsJsonAsync("/api/users",
            new { employeeNumber, name = "Kasir " + employeeNumber, email, password = Password, officeHoursId = shift, active });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private bool ReplicaHas(int count)
    {
        using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateScope(_factory.Services);
        var db = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Data.UserDbContext>(scope.ServiceProvider);
        return db.ShiftCopies.Count() >= count;
    }

    private static Dictionary<string, string> Claims(JsonElement login) =>
        new JwtSecurityTokenHandler().ReadJwtToken(login.GetProperty("token").GetString()).Claims
            .GroupBy(c => c.Type).ToDictionary(g => g.Key, g => g.First().Value);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _client?.Dispose();
        _factory.Dispose();
    }
}
