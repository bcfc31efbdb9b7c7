using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TokenPln.Contracts.Shifts;
using TokenPln.Iak;
using TokenPln.LocalCopies.StaffAccess;
using TokenPln.TransactionService.Data;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>
/// A cashier's every sale is judged by their account and shift as they are now, from this service's own copies; those
/// copies accept events only from the sidecar and are overridden by the owners' syncs.
/// </summary>
public sealed class SidecarAndShiftRulesTests : SalesTestBase
{
    /// <summary>10:00 WIB, inside Shift Pagi (08:00–15:59) and outside Shift Malam (22:00–05:59).</summary>
    private static readonly DateTimeOffset Morning = new(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(7));

    public SidecarAndShiftRulesTests() => Factory.Clock.Set(Morning);

    [Fact]
    public async Task A_cashier_moved_to_a_shift_that_is_not_open_now_is_refused_at_the_next_sale()
    {
        using var cashier = MorningCashier(CashierId, shift: 1);
        await SoldAsync(cashier, "move-1");

        (await AnnounceAsync(CashierId, active: true, version: 1, officeHoursId: 3)).ShouldBe("SUCCESS");

        var (response, problem) = await SellAsync(cashier, "move-2");
        (response.StatusCode, Code(problem)).ShouldBe((HttpStatusCode.Unauthorized, "outside_shift"));
        Factory.Iak.TopUps.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cashier_whose_shift_is_deactivated_or_shortened_is_refused_at_the_next_request()
    {
        using var pagi = MorningCashier(CashierId, shift: 1);
        using var siang = MorningCashier(OtherCashierId, shift: 5);
        (await pagi.GetAsync("/api/transactions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await siang.GetAsync("/api/transactions")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await DeliverShiftAsync(1, "Shift Pagi", "08:00", "15:59", active: false, version: 2)).ShouldBe("SUCCESS");
        (await DeliverShiftAsync(5, "Shift Siang", "08:00", "09:59", active: true, version: 2)).ShouldBe("SUCCESS");

        using var inactive = await pagi.GetAsync("/api/transactions");
        using var ended = await siang.GetAsync("/api/transactions");
        (inactive.StatusCode, Code(await inactive.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.Unauthorized, "shift_inactive"));
        (ended.StatusCode, Code(await ended.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.Unauthorized, "outside_shift"));
    }

    [Fact]
    public async Task A_cashier_of_a_shift_created_a_moment_ago_sells_before_its_event_arrives()
    {
        Factory.MasterShifts.Add(new OfficeHoursSnapshot(12, "Shift Baru", new(9, 0), new(12, 59), true, 1));
        using var cashier = MorningCashier(CashierId, shift: 12);

        var sale = await SoldAsync(cashier, "new-shift-1");

        sale.GetProperty("officeHoursId").GetInt32().ShouldBe(12);
    }

    [Fact]
    public async Task Events_posted_without_the_app_token_are_refused_and_change_nothing()
    {
        using var cashier = MorningCashier(CashierId, shift: 1);
        using var anonymous = Factory.CreateClient();

        using var forged = await anonymous.PostAsJsonAsync("/events/staff-access-changed", StaffAccessEvent(CashierId, active: false, version: 50, null));
        using var forgedCheck = await anonymous.PostAsJsonAsync("/events/transaction-status-check-requested", new { invoice = "INV-0000000000000001" });

        forged.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        forgedCheck.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        Code(await forged.Content.ReadFromJsonAsync<JsonElement>()).ShouldBe("invalid_app_token");
        (await cashier.GetAsync("/api/transactions")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task An_access_record_user_service_never_issued_is_overridden_by_the_next_sync()
    {
        using var cashier = MorningCashier(CashierId, shift: 1);
        (await AnnounceAsync(CashierId, active: false, version: 50, officeHoursId: 1)).ShouldBe("SUCCESS");
        (await cashier.GetAsync("/api/transactions")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the stray record locks the cashier out");
        Factory.UserStaffAccess = [new StaffAccessSnapshot(CashierId, true, null, 1, 1), new StaffAccessSnapshot(OtherCashierId, false, Morning, 1, 2)];

        (await Sync().SyncOnceAsync(CancellationToken.None)).ShouldBeTrue();

        (await cashier.GetAsync("/api/transactions")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var other = MorningCashier(OtherCashierId, shift: 1);
        using var refused = await other.GetAsync("/api/transactions");
        (refused.StatusCode, Code(await refused.Content.ReadFromJsonAsync<JsonElement>())).ShouldBe((HttpStatusCode.Unauthorized, "account_inactive"),
            "the sync also brings in a deactivation whose event never arrived");
    }

    [Fact]
    public async Task A_sale_or_callback_body_that_names_a_property_twice_is_refused_and_sells_nothing()
    {
        using var cashier = MorningCashier(CashierId, AllDayShiftId);
        var invoice = (await SoldAsync(cashier, "dup-0")).GetProperty("invoice").GetString()!;
        var before = await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services);

        using var sale = new HttpRequestMessage(HttpMethod.Post, "/api/transactions/prepaid")
        {
            Content = new StringContent("""{"customerId":"12345678901","productCode":"hpln20000","customerId":"98765432109"}""", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "dup-1" } },
        };
        using var saleResponse = await cashier.SendAsync(sale);
        var sign = IakSign.Compute(FakeIak.Username, FakeIak.ApiKey, invoice);
        using var callback = await Factory.CreateClient().PostAsync("/api/iak/callbacks", new StringContent(
            $$$"""{"data":{"ref_id":"{{{invoice}}}","status":"2","status":"1","rc":"00","sign":"{{{sign}}}"}}""", Encoding.UTF8, "application/json"));

        foreach (var response in new[] { saleResponse, callback })
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            (response.StatusCode, Code(problem)).ShouldBe((HttpStatusCode.BadRequest, "duplicate_property"), problem.ToString());
        }

        Factory.Iak.TopUps.Count.ShouldBe(1);
        (await DatabaseSnapshot.TakeAsync<TransactionDbContext>(Factory.Services)).ShouldBe(before);
    }

    private HttpClient MorningCashier(int id, int shift) =>
        Factory.CreateClient().As(TestTokens.Cashier(id, shift, expires: Morning.AddHours(1)));

    private StaffAccessCopySync<TransactionDbContext> Sync() =>
        Factory.Services.GetServices<IHostedService>().OfType<StaffAccessCopySync<TransactionDbContext>>().Single();

    private async Task<string?> AnnounceAsync(int userId, bool active, long version, int? officeHoursId)
    {
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var response = await sidecar.PostAsJsonAsync("/events/staff-access-changed",
            StaffAccessEvent(userId, active, version, officeHoursId));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }

    private static object StaffAccessEvent(int userId, bool active, long version, int? officeHoursId) => new
    {
        id = Guid.NewGuid(), occurredAt = Morning, userId, active, tokensRevokedBefore = active ? (DateTimeOffset?)null : Morning, version, officeHoursId,
    };

    private async Task<string?> DeliverShiftAsync(int id, string name, string start, string end, bool active, long version)
    {
        using var sidecar = Factory.CreateClient().AsSidecar();
        using var response = await sidecar.PostAsJsonAsync("/events/office-hours-changed",
            new { id = Guid.NewGuid(), occurredAt = Morning, officeHoursId = id, name, startAt = start, endAt = end, active, version });
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();
    }
}
