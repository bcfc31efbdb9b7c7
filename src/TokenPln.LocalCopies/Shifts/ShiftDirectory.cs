using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TokenPln.Contracts.Shifts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Hosting;

namespace TokenPln.LocalCopies.Shifts;

/// <summary>
/// The local copy of shifts held in memory, so that judging a cashier's request against their shift costs a dictionary
/// lookup. Reloaded whenever this instance changes the copy, and every few seconds for changes other instances made.
/// A shift it does not know (created a moment ago, its event still on the way) is fetched from master-service before
/// anyone is refused for it.
/// </summary>
public sealed class ShiftDirectory<TContext>(IServiceProvider services) : IShiftLookup
    where TContext : DbContext, IShiftCopyDbContext
{
    /// <summary>Unknown ids ask master-service at most this often, so a flood of them cannot become a flood of calls.</summary>
    private static readonly TimeSpan OwnerAskInterval = TimeSpan.FromSeconds(1);

    private IReadOnlyDictionary<int, OfficeHoursSnapshot> _shifts = new Dictionary<int, OfficeHoursSnapshot>();
    private readonly ReloadThrottle _ownerAsk = new(OwnerAskInterval);
    private readonly ReloadThrottle _refresh = new(TimeSpan.FromSeconds(1));

    public async ValueTask<OfficeHoursSnapshot?> FindAsync(int id, CancellationToken cancellationToken) =>
        Volatile.Read(ref _shifts).GetValueOrDefault(id) ?? (await EnsureKnownAsync(id, cancellationToken) ? _shifts.GetValueOrDefault(id) : null);

    /// <summary>True when the shift is in the local copy, after asking master-service if it was not.</summary>
    public async Task<bool> EnsureKnownAsync(int id, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _shifts).ContainsKey(id)) return true;
        if (_ownerAsk.TryEnter())
        {
            await services.GetRequiredService<ShiftCopySync<TContext>>().SyncOnceAsync(cancellationToken);
        }

        if (!Volatile.Read(ref _shifts).ContainsKey(id))
        {
            // Another instance may have copied it already.
            await ReloadFromDatabaseAsync(cancellationToken);
        }

        return Volatile.Read(ref _shifts).ContainsKey(id);
    }

    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        if (!_refresh.TryEnter()) return false;
        await ReloadFromDatabaseAsync(cancellationToken);
        return true;
    }

    private async Task ReloadFromDatabaseAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await ReloadAsync(scope.ServiceProvider.GetRequiredService<TContext>(), cancellationToken);
    }

    public async Task ReloadAsync(IShiftCopyDbContext db, CancellationToken cancellationToken)
    {
        var shifts = await db.ShiftCopies.AsNoTracking()
            .Select(o => new OfficeHoursSnapshot(o.Id, o.Name, o.StartAt, o.EndAt, o.Active, o.Version))
            .ToDictionaryAsync(o => o.Id, cancellationToken);
        Volatile.Write(ref _shifts, shifts);
    }
}
