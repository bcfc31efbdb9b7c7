using TokenPln.Contracts.Shifts;

namespace TokenPln.ServiceDefaults.Auth;

/// <summary>Where a service looks up a shift to judge a cashier's request, without a call to another service.</summary>
public interface IShiftLookup
{
    /// <summary>The shift as this service knows it now; for one it does not know, its owner is asked first.</summary>
    ValueTask<OfficeHoursSnapshot?> FindAsync(int id, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the shifts again from the service's database, at most once a second; true when it did. Replicas reload their
    /// copies every few seconds, so one instance may still hold a shift another has just opened: a cashier is refused only on
    /// a fresh read, never on a stale copy.
    /// </summary>
    Task<bool> RefreshAsync(CancellationToken cancellationToken);
}
