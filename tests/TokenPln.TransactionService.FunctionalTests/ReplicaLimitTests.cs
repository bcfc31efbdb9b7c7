using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.LocalCopies.Shifts;
using TokenPln.TransactionService.Products;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>
/// Two instances of transaction-service on one database, as replicas run: limits are counted in the database, and an
/// event that reaches one instance (one consumer group per app id) reaches the other through the database.
/// </summary>
public sealed class ReplicaLimitTests : SalesTestBase, IDisposable
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["RateLimits:PurchasesPerMinute"] = "3",
        // The copies' reloads from the database, shortened so the test need not wait five seconds for each.
        ["ProductCopy:RefreshInterval"] = "00:00:00.100",
        ["ShiftCopy:RefreshInterval"] = "00:00:00.100",
        ["StaffAccess:RefreshInterval"] = "00:00:00.100",
    };

    private readonly ServiceFactory<Program> _second = new();
    private readonly HttpClient _cashierOnSecond;
    private readonly HttpClient _otherCashierOnSecond;

    public ReplicaLimitTests() : base(Settings)
    {
        foreach (var (key, value) in Settings) _second.Settings[key] = value;
        _second.MasterShifts.AddRange(Factory.MasterShifts);
        _second.ShareDatabaseWith(Factory);
        // One second into a fresh minute on both instances, so the purchase window cannot turn in the middle of a test.
        var now = Factory.Clock.GetUtcNow();
        var minute = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, now.Offset).AddMinutes(1).AddSeconds(1);
        Factory.Clock.Set(minute);
        _second.Clock.Set(minute);
        _cashierOnSecond = _second.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId));
        _otherCashierOnSecond = _second.CreateClient().As(TestTokens.Cashier(OtherCashierId, AllDayShiftId));
    }

    [Fact]
    public async Task A_cashiers_purchases_split_across_two_instances_hit_the_limit_at_the_configured_count()
    {
        await SoldAsync(Cashier, Guid.NewGuid().ToString());
        await SoldAsync(_cashierOnSecond, Guid.NewGuid().ToString());
        await SoldAsync(Cashier, Guid.NewGuid().ToString());

        var (limited, problem) = await SellAsync(_cashierOnSecond, Guid.NewGuid().ToString());
        var (limitedOnFirst, _) = await SellAsync(Cashier, Guid.NewGuid().ToString());
        var other = await SoldAsync(_otherCashierOnSecond, Guid.NewGuid().ToString());

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Code(problem).ShouldBe("too_many_requests");
        problem.GetProperty("detail").GetString().ShouldBe("Terlalu banyak transaksi dalam satu menit; coba lagi dalam 59 detik.");
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(59));
        limitedOnFirst.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        other.GetProperty("invoice").GetString()!.ShouldStartWith("INV-");
        (Factory.Iak.TopUps.Count + _second.Iak.TopUps.Count).ShouldBe(4, "the refused purchases never reached IAK");
    }

    [Fact]
    public async Task The_next_minute_lets_the_limited_cashier_sell_again_on_either_instance()
    {
        for (var i = 0; i < 3; i++)
        {
            await SoldAsync(i % 2 == 0 ? Cashier : _cashierOnSecond, Guid.NewGuid().ToString());
        }

        (await SellAsync(Cashier, Guid.NewGuid().ToString())).Response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        _second.Clock.Advance(TimeSpan.FromMinutes(1));

        (await SellAsync(_cashierOnSecond, Guid.NewGuid().ToString())).Response.StatusCode.ShouldBeOneOf(HttpStatusCode.Created, HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task A_price_change_announced_to_one_instance_is_charged_by_the_other()
    {
        var secondCopy = _second.Services.GetRequiredService<ProductCatalogCopy>();
        // The second instance's own start-up sync is done, so only the database can bring it the new price.
        await Eventually.HoldsAsync(() => secondCopy.LastSyncAt is not null, "the second instance synced its products");
        Factory.MasterSellingPrices["hpln20000"] = 23_500;

        await AnnounceAsync(Factory, "/events/prices-changed", new { id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), subject = "hpln20000" });

        await Eventually.HoldsAsync(() => secondCopy.Products!["hpln20000"].SellingPrice == 23_500, "the second instance knows the new price");
        var sale = await SoldAsync(_cashierOnSecond, Guid.NewGuid().ToString());
        sale.GetProperty("price").GetInt64().ShouldBe(23_500);
    }

    [Fact]
    public async Task A_cashier_deactivated_through_one_instance_is_refused_by_the_other()
    {
        await SoldAsync(_cashierOnSecond, Guid.NewGuid().ToString());

        await AnnounceAsync(Factory, "/events/staff-access-changed", new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), userId = CashierId, active = false,
            tokensRevokedBefore = Factory.Clock.GetUtcNow(), version = 1,
        });

        await Eventually.HoldsAsync(async () => await CodeOfMyShiftAsync(_cashierOnSecond) == "account_inactive",
            "the second instance refuses the deactivated cashier");
    }

    [Fact]
    public async Task A_shift_deactivated_through_one_instance_is_refused_by_the_other()
    {
        await SoldAsync(_cashierOnSecond, Guid.NewGuid().ToString());
        var allDay = Factory.MasterShifts.Single(s => s.Id == AllDayShiftId);
        // Both instances' start-up syncs from master-service are done, so only the event can change the shift.
        await Eventually.HoldsAsync(() => new[] { Factory, _second }.All(f => f.Services.GetRequiredService<ShiftCopyStatus>().LastSyncAt is not null),
            "both instances synced their shifts");

        await AnnounceAsync(Factory, "/events/office-hours-changed", new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), officeHoursId = AllDayShiftId, name = allDay.Name,
            startAt = "00:00", endAt = "23:59", active = false, version = allDay.Version + 1,
        });

        await Eventually.HoldsAsync(async () => await CodeOfMyShiftAsync(_cashierOnSecond) == "shift_inactive",
            "the second instance refuses a cashier of the deactivated shift");
    }

    /// <summary>The second instance goes first: the first factory owns the database.</summary>
    public new void Dispose()
    {
        _cashierOnSecond.Dispose();
        _otherCashierOnSecond.Dispose();
        _second.Dispose();
        base.Dispose();
    }
}
