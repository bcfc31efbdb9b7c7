using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.LocalCopies.Shifts;

namespace TokenPln.TransactionService.FunctionalTests;

/// <summary>
/// Two instances of transaction-service on one database, each holding its copies in memory and reloading them only now and
/// then (here: not within the test): what one instance let in again, the other must not refuse on its older copy.
/// </summary>
public sealed class ReplicaStaleCopyTests : SalesTestBase, IDisposable
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["ShiftCopy:RefreshInterval"] = "01:00:00",
        ["StaffAccess:RefreshInterval"] = "01:00:00",
    };

    private readonly ServiceFactory<Program> _second = new();
    private readonly HttpClient _cashierOnSecond;

    public ReplicaStaleCopyTests() : base(Settings)
    {
        foreach (var (key, value) in Settings) _second.Settings[key] = value;
        _second.MasterShifts.AddRange(Factory.MasterShifts);
        _second.ShareDatabaseWith(Factory);
        _second.Clock.Set(Factory.Clock.GetUtcNow());
        _cashierOnSecond = _second.CreateClient().As(TestTokens.Cashier(CashierId, AllDayShiftId));
    }

    [Fact]
    public async Task A_shift_opened_again_through_one_instance_lets_its_cashier_in_on_the_other_at_once()
    {
        await Eventually.HoldsAsync(() => new[] { Factory, _second }.All(f => f.Services.GetRequiredService<ShiftCopyStatus>().LastSyncAt is not null),
            "both instances synced their shifts");
        var allDay = Factory.MasterShifts.Single(s => s.Id == AllDayShiftId);
        object Shift(bool active, long version) => new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), officeHoursId = AllDayShiftId, name = allDay.Name,
            startAt = "00:00", endAt = "23:59", active, version,
        };
        // Both instances hold the closed shift in memory.
        await AnnounceAsync(Factory, "/events/office-hours-changed", Shift(active: false, allDay.Version + 1));
        await AnnounceAsync(_second, "/events/office-hours-changed", Shift(active: false, allDay.Version + 1));
        (await CodeOfMyShiftAsync(Cashier)).ShouldBe("shift_inactive");

        await AnnounceAsync(Factory, "/events/office-hours-changed", Shift(active: true, allDay.Version + 2));

        (await CodeOfMyShiftAsync(_cashierOnSecond)).ShouldBeNull("the second instance reads the shift again before it refuses");
    }

    [Fact]
    public async Task A_cashier_let_in_again_through_one_instance_is_accepted_by_the_other_at_once()
    {
        object Access(bool active, long version) => new
        {
            id = Guid.NewGuid(), occurredAt = Factory.Clock.GetUtcNow(), userId = CashierId, active,
            tokensRevokedBefore = active ? (DateTimeOffset?)null : Factory.Clock.GetUtcNow(), version,
        };
        await AnnounceAsync(Factory, "/events/staff-access-changed", Access(active: false, 1));
        await AnnounceAsync(_second, "/events/staff-access-changed", Access(active: false, 1));
        (await CodeOfMyShiftAsync(Cashier)).ShouldBe("account_inactive");

        await AnnounceAsync(Factory, "/events/staff-access-changed", Access(active: true, 2));

        (await CodeOfMyShiftAsync(_cashierOnSecond)).ShouldBeNull("the second instance reads the account again before it refuses");
    }

    /// <summary>The second instance goes first: the first factory owns the database.</summary>
    public new void Dispose()
    {
        _cashierOnSecond.Dispose();
        _second.Dispose();
        base.Dispose();
    }
}
