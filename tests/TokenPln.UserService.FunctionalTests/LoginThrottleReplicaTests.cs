using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.UserService.FunctionalTests;

/// <summary>Two instances of user-service on one database, as replicas run: the throttle's counts are the database's.</summary>
public sealed class LoginThrottleReplicaTests : IDisposable
{
    private readonly AddressedServiceFactory _first = new();
    private readonly AddressedServiceFactory _second = new();

    public LoginThrottleReplicaTests()
    {
        _second.ShareDatabaseWith(_first);
        // Both instances see the same moment, as instances on synchronised clocks do.
        _second.Clock.Set(_first.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Wrong_passwords_spread_over_two_instances_throttle_the_guessing_address_on_both()
    {
        using var a = _first.CreateClient();
        using var b = _second.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            // Alternating instances, as a load balancer would hand them out: neither alone has seen five failures.
            (await LoginAsync(i % 2 == 0 ? a : b, "tebak-" + i, "203.0.113.70")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var onA = await LoginAsync(a, ServiceFactory<Program>.OwnerPassword, "203.0.113.70");
        var onB = await LoginAsync(b, ServiceFactory<Program>.OwnerPassword, "203.0.113.70");
        var owner = await LoginAsync(b, ServiceFactory<Program>.OwnerPassword, "192.0.2.10");

        onA.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        onA.Code.ShouldBe("too_many_attempts");
        onB.Status.ShouldBe(HttpStatusCode.TooManyRequests);
        owner.Status.ShouldBe(HttpStatusCode.OK, "the owner's own address has no failures on either instance");
    }

    [Fact]
    public async Task A_success_on_one_instance_forgives_the_account_at_that_address_on_the_other()
    {
        using var a = _first.CreateClient();
        using var b = _second.CreateClient();
        for (var i = 0; i < 4; i++)
        {
            (await LoginAsync(a, "tebak-" + i, "203.0.113.71")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await LoginAsync(b, ServiceFactory<Program>.OwnerPassword, "203.0.113.71")).Status.ShouldBe(HttpStatusCode.OK);
        for (var i = 0; i < 4; i++)
        {
            (await LoginAsync(a, "lagi-" + i, "203.0.113.71")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await LoginAsync(a, ServiceFactory<Program>.OwnerPassword, "203.0.113.71")).Status
            .ShouldBe(HttpStatusCode.OK, "the success on the other instance started the account's count again");
    }

    [Fact]
    public async Task A_window_that_ran_out_lets_the_address_try_again_and_its_row_is_purged_by_the_next_failure()
    {
        using var a = _first.CreateClient();
        using var b = _second.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            (await LoginAsync(a, "tebak-" + i, "203.0.113.72")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await LoginAsync(b, ServiceFactory<Program>.OwnerPassword, "203.0.113.72")).Status.ShouldBe(HttpStatusCode.TooManyRequests);
        _first.Clock.Advance(TimeSpan.FromMinutes(16));
        _second.Clock.Advance(TimeSpan.FromMinutes(16));
        (await LoginAsync(a, "tebak-lain", "203.0.113.99")).Status.ShouldBe(HttpStatusCode.Unauthorized);

        (await LoginAsync(b, ServiceFactory<Program>.OwnerPassword, "203.0.113.72")).Status.ShouldBe(HttpStatusCode.OK);
        using var scope = _first.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<TokenPln.UserService.Data.UserDbContext>();
        (await db.LoginFailures.Select(f => f.Key).ToListAsync())
            .ShouldBe([$"account-address:{ServiceFactory<Program>.OwnerEmail}|203.0.113.99", "address:203.0.113.99"], ignoreOrder: true);
    }

    private static async Task<(HttpStatusCode Status, string? Code)> LoginAsync(HttpClient client, string password, string remoteAddress)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { email = ServiceFactory<Program>.OwnerEmail, password }),
        };
        request.Headers.Add(AddressedServiceFactory.RemoteAddressHeader, remoteAddress);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var code = response.Content.Headers.ContentType?.MediaType == "application/problem+json"
            ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString()
            : null;
        return (response.StatusCode, code);
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }
}
