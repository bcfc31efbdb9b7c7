using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TokenPln.SystemTests;

/// <summary>The people side across real processes: the owner sets up a cashier, who logs in and sees products.</summary>
public class StaffShiftsAndProductsTests(LocalRunnerStack stack) : IClassFixture<LocalRunnerStack>
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    [Fact]
    public async Task A_cashier_created_by_the_owner_logs_in_and_lists_products_and_each_keeps_working_while_the_other_service_is_down()
    {
        using var users = stack.AppClient("user-service");
        using var master = stack.AppClient("master-service");
        var ownerToken = await Api.TryLoginAsync(users, "owner@tokenpln.local", "Owner#12345") ?? throw new InvalidOperationException("The owner could not log in.");

        // A shift that is open now, whatever the hour CI runs at (it may cross midnight).
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta);
        using var shift = await Api.Send(master, HttpMethod.Patch, "/api/office-hours/3", ownerToken,
            new { startAt = now.AddHours(-1).ToString("HH:mm"), endAt = now.AddHours(2).ToString("HH:mm"), active = true });
        shift.StatusCode.ShouldBe(HttpStatusCode.OK, await shift.Content.ReadAsStringAsync());

        using var created = await Api.Send(users, HttpMethod.Post, "/api/users", ownerToken, new
        {
            employeeNumber = "SYS-001", name = "Kasir Sistem", email = "kasir.sistem@tokenpln.local", password = "Kasir#2026", officeHoursId = 3,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        // The shift change reaches user-service by event; until it does, the cashier is still outside the old shift.
        var cashierToken = await stack.WaitForAsync(() => Api.TryLoginAsync(users, "kasir.sistem@tokenpln.local", "Kasir#2026"),
            "the cashier to be let in on the updated shift");

        var products = await ListProductsAsync(master, cashierToken);
        products.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("code").GetString())
            .ShouldBe(["hpln20000", "hpln50000", "hpln100000", "hpln200000", "hpln500000", "hpln1000000"]);

        await stack.StopAppAsync("master-service");
        (await Api.TryLoginAsync(users, "kasir.sistem@tokenpln.local", "Kasir#2026")).ShouldNotBeNull("login uses the local copy of shifts");

        await stack.StartAppAsync("master-service");
        await stack.StopAppAsync("user-service");
        using var masterAgain = stack.AppClient("master-service");
        (await ListProductsAsync(masterAgain, cashierToken)).GetProperty("total").GetInt32().ShouldBe(6, "master-service checks the token itself");
    }

    private static async Task<JsonElement> ListProductsAsync(HttpClient master, string token)
    {
        using var response = await Api.Send(master, HttpMethod.Get, "/api/products/prepaid", token, null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
