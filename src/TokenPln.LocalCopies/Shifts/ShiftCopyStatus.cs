namespace TokenPln.LocalCopies.Shifts;

/// <summary>How the local copy of shifts has been kept fresh since start-up; reported by <c>/health</c>.</summary>
public sealed class ShiftCopyStatus
{
    private int _eventsReceived;

    public int EventsReceived => _eventsReceived;
    public DateTimeOffset? LastEventAt { get; private set; }
    public DateTimeOffset? LastSyncAt { get; private set; }
    public string? LastSyncError { get; private set; }

    public void EventReceived(DateTimeOffset at)
    {
        Interlocked.Increment(ref _eventsReceived);
        LastEventAt = at;
    }

    public void Synced(DateTimeOffset at)
    {
        LastSyncAt = at;
        LastSyncError = null;
    }

    public void SyncFailed(string error) => LastSyncError = error;
}
