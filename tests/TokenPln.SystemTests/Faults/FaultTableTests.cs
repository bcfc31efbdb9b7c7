using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests.Faults;

/// <summary>
/// The architecture's table of faults that must not spread, row by row: stop one part, use what must still work,
/// start it again, and see the system converge.
/// </summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", "Faults")]
public class FaultTableTests(FaultsStack stack)
{
    private readonly Counter _counter = new(stack);

    [Fact]
    public async Task With_user_service_stopped_cashiers_sell_and_see_their_history_and_the_owner_sees_sales_and_shifts()
    {
        await stack.SandboxAsync(Healthy);
        await stack.StopAppAsync("user-service");
        try
        {
            var invoice = await _counter.SellAsync(Guid.NewGuid().ToString());

            (await GetAsync("transaction-service", $"/api/transactions?search={invoice}", stack.CashierToken)).GetProperty("total").GetInt32().ShouldBe(1);
            (await GetAsync("transaction-service", "/api/transactions", stack.OwnerToken)).GetProperty("total").GetInt32().ShouldBeGreaterThan(0);
            (await GetAsync("master-service", "/api/office-hours", stack.OwnerToken)).GetProperty("total").GetInt32().ShouldBeGreaterThanOrEqualTo(3);
        }
        finally
        {
            await stack.StartAppAsync("user-service");
        }

        using var users = stack.AppClient("user-service");
        (await Api.TryLoginAsync(users, SalesStack.CashierEmail, SalesStack.CashierPassword)).ShouldNotBeNull("login is back with user-service");
    }

    [Fact]
    public async Task With_master_service_stopped_cashiers_log_in_and_sell_and_the_owner_sees_staff_sales_and_the_shift_filter()
    {
        await stack.SandboxAsync(Healthy);
        await stack.StopAppAsync("master-service");
        try
        {
            using var users = stack.AppClient("user-service");
            var freshToken = await Api.TryLoginAsync(users, SalesStack.CashierEmail, SalesStack.CashierPassword);
            freshToken.ShouldNotBeNull("login checks the shift against user-service's own copy");
            var invoice = await _counter.SellAsync(Guid.NewGuid().ToString());

            (await _counter.ReadAsync(invoice, freshToken)).GetProperty("status").GetString().ShouldBe("success");
            var staff = await GetAsync("user-service", "/api/users", stack.OwnerToken);
            staff.GetProperty("items").EnumerateArray().Single(u => u.GetProperty("id").GetInt32() == stack.CashierId)
                .GetProperty("officeHours").GetProperty("id").GetInt32().ShouldBe(3);
            (await GetAsync("transaction-service", "/api/dashboard?officeHoursId=3", stack.OwnerToken)).GetProperty("counts").GetProperty("success")
                .GetInt32().ShouldBeGreaterThan(0);
        }
        finally
        {
            await stack.StartAppAsync("master-service");
        }

        // Converges: a shift renamed once master-service is back reaches user-service's copy.
        var name = $"Shift Malam {Guid.NewGuid().ToString()[..6]}";
        using var master = stack.AppClient("master-service");
        (await Api.Send(master, HttpMethod.Patch, "/api/office-hours/3", stack.OwnerToken, new { name })).EnsureSuccessStatusCode();
        await stack.WaitForAsync(async () =>
            (await GetAsync("user-service", $"/api/users/{stack.CashierId}", stack.OwnerToken)).GetProperty("officeHours").GetProperty("name").GetString() == name
                ? "renamed" : null, "the renamed shift to reach user-service");
    }

    [Fact]
    public async Task With_transaction_service_stopped_staff_log_in_and_out_and_manage_staff_and_shifts_and_it_catches_up_when_back()
    {
        using var users = stack.AppClient("user-service");
        using var master = stack.AppClient("master-service");
        var email = $"kasir.{Guid.NewGuid().ToString()[..8]}@tokenpln.local";
        using (var created = await Api.Send(users, HttpMethod.Post, "/api/users", stack.OwnerToken,
                   new { employeeNumber = email[6..14], name = "Kasir Sementara", email, password = "Kasir#2026", officeHoursId = 3 }))
        {
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var leaverToken = (await Api.TryLoginAsync(users, email, "Kasir#2026"))!;
        var leaverId = (await GetAsync("user-service", "/api/users/me", leaverToken)).GetProperty("id").GetInt32();
        await stack.StopAppAsync("transaction-service");
        try
        {
            (await Api.TryLoginAsync(users, SalesStack.CashierEmail, SalesStack.CashierPassword)).ShouldNotBeNull();
            using (var logout = await Api.Send(users, HttpMethod.Post, "/api/auth/logout", leaverToken, null))
            {
                logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);
            }

            (await Api.TryLoginAsync(users, email, "Kasir#2026")).ShouldNotBeNull("logging in again after a logout");
            using var deactivated = await Api.Send(users, HttpMethod.Patch, $"/api/users/{leaverId}", stack.OwnerToken, new { active = false });
            deactivated.StatusCode.ShouldBe(HttpStatusCode.OK);
            using var shift = await Api.Send(master, HttpMethod.Patch, "/api/office-hours/2", stack.OwnerToken, new { name = "Shift Sore" });
            shift.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        finally
        {
            await stack.StartAppAsync("transaction-service");
        }

        // Converges: the deactivation, announced while transaction-service was down, is delivered once it is back.
        await stack.WaitForAsync(async () =>
        {
            using var transactions = stack.AppClient("transaction-service");
            using var response = await Api.Send(transactions, HttpMethod.Get, "/api/transactions", leaverToken, null);
            return response.StatusCode == HttpStatusCode.Unauthorized
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString() == "account_inactive" ? "refused" : null;
        }, "transaction-service to refuse the deactivated cashier's token");
    }

    [Fact]
    public async Task With_iak_slow_past_the_timeout_a_sale_stays_pending_and_settles_once_when_iak_is_fast_again()
    {
        await stack.SandboxAsync(Healthy with { LatencyMs = 4_000 });
        string invoice;
        try
        {
            invoice = await _counter.SellAsync(Guid.NewGuid().ToString());
            (await _counter.ReadAsync(invoice)).GetProperty("status").GetString().ShouldBe("pending", "IAK did not answer in time, so nothing is known yet");
        }
        finally
        {
            await stack.SandboxAsync(Healthy);
        }

        var settled = await _counter.SettledAsync([invoice], TimeSpan.FromSeconds(60));
        settled[0].GetProperty("status").GetString().ShouldBe("success");
        await SalesAudit.VerifyAsync(stack, settled);
    }

    private static readonly SandboxSettings Healthy = new();

    /// <summary>IAK at its best; no callbacks, so that a sale settles only when this system asks.</summary>
    private sealed record SandboxSettings(bool Instant = true, bool Outage = false, bool AutoCallback = false, int LatencyMs = 0, double ErrorRate = 0,
        double TimeoutRate = 0, double MalformedRate = 0, double LostAnswerRate = 0);

    private async Task<JsonElement> GetAsync(string appId, string path, string token)
    {
        using var client = stack.AppClient(appId);
        using var response = await Api.Send(client, HttpMethod.Get, path, token, null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{appId} {path}: {body}");
        return body;
    }
}
