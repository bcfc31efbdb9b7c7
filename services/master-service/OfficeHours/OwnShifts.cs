using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts.Shifts;
using TokenPln.MasterService.Data;
using TokenPln.ServiceDefaults.Auth;

namespace TokenPln.MasterService.OfficeHours;

/// <summary>
/// master-service's own shifts held in memory, so that judging a cashier's request against their shift costs no query.
/// Reloaded after every change this instance makes and every few seconds for those of other instances.
/// </summary>
public sealed class OwnShifts(IServiceProvider services) : IShiftLookup
{
    /// <summary>Unknown ids reload the table at most this often, so a flood of them cannot become a flood of queries.</summary>
    private static readonly TimeSpan UnknownReloadInterval = TimeSpan.FromSeconds(1);

    private IReadOnlyDictionary<int, OfficeHoursSnapshot> _shifts = new Dictionary<int, OfficeHoursSnapshot>();
    private long _lastUnknownReload = long.MinValue / 2;

    public async ValueTask<OfficeHoursSnapshot?> FindAsync(int id, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _shifts).GetValueOrDefault(id) is { } known) return known;
        // A guard on load, measured on the machine's monotonic clock, not a rule of the business's time.
        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (System.Diagnostics.Stopwatch.GetElapsedTime(_lastUnknownReload, now) < UnknownReloadInterval) return null;
        _lastUnknownReload = now;
        // Created by another instance since the last reload.
        await using var scope = services.CreateAsyncScope();
        await ReloadAsync(scope.ServiceProvider.GetRequiredService<MasterDbContext>(), cancellationToken);
        return Volatile.Read(ref _shifts).GetValueOrDefault(id);
    }

    public async Task ReloadAsync(MasterDbContext db, CancellationToken cancellationToken)
    {
        var shifts = await db.OfficeHours.AsNoTracking().Select(o => o.ToSnapshot()).ToDictionaryAsync(o => o.Id, cancellationToken);
        Volatile.Write(ref _shifts, shifts);
    }
}
