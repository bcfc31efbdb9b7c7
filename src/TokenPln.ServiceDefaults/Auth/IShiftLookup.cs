using TokenPln.Contracts.Shifts;

namespace TokenPln.ServiceDefaults.Auth;

/// <summary>Where a service looks up a shift to judge a cashier's request, without a call to another service.</summary>
public interface IShiftLookup
{
    /// <summary>The shift as this service knows it now; for one it does not know, its owner is asked first.</summary>
    ValueTask<OfficeHoursSnapshot?> FindAsync(int id, CancellationToken cancellationToken);
}
