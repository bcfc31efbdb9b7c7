using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Shifts;
using TokenPln.MasterService.Data;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;

namespace TokenPln.MasterService.OfficeHours;

/// <summary>
/// master-service's own shifts held in memory, so that judging a cashier's request against their shift costs no query.
/// Reloaded after every change this instance makes and every few seconds for those of other instances.
/// </summary>
public sealed class OwnShifts(IServiceProvider services) : IShiftLookup
{
    /// <summary>On-demand reloads (an unknown id, a refusal to confirm) at most once a second.</summary>
    private readonly ReloadThrottle _onDemand = new(TimeSpan.FromSeconds(1));

    private IReadOnlyDictionary<int, OfficeHoursSnapshot> _shifts = new Dictionary<int, OfficeHoursSnapshot>();

    public async ValueTask<OfficeHoursSnapshot?> FindAsync(int id, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _shifts).GetValueOrDefault(id) is { } known) return known;
        // Created by another instance since the last reload.
        return await RefreshAsync(cancellationToken) ? Volatile.Read(ref _shifts).GetValueOrDefault(id) : null;
    }

    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!_onDemand.TryEnter()) return false;
        await using var scope = services.CreateAsyncScope();
        await ReloadAsync(scope.ServiceProvider.GetRequiredService<MasterDbContext>(), cancellationToken);
        return true;
    }

    public async Task ReloadAsync(MasterDbContext db, CancellationToken cancellationToken)
    {
        var shifts = await db.OfficeHours.AsNoTracking().Select(o => o.ToSnapshot()).ToDictionaryAsync(o => o.Id, cancellationToken);
        Volatile.Write(ref _shifts, shifts);
    }
}
