using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.Testing;

/// <summary>
/// Holds each instance that found a start-up step's data missing until all <paramref name="instances"/> have found it so, or
/// <see cref="Patience"/> has passed: instances that check at once are then sure to write at once, where in a real start the
/// window is a few milliseconds. An instance kept out by a start-up lock never arrives, and the one inside goes on after the
/// patience.
/// </summary>
public sealed class StartupRendezvous(int instances) : IStartupStepProbe
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (int Arrived, TaskCompletionSource All)> _steps = [];

    /// <summary>The steps and how many instances found each one's data missing.</summary>
    public IReadOnlyDictionary<string, int> Arrivals
    {
        get
        {
            lock (_gate) return _steps.ToDictionary(s => s.Key, s => s.Value.Arrived);
        }
    }

    public async Task FoundMissingAsync(string step)
    {
        Task all;
        lock (_gate)
        {
            var (arrived, tcs) = _steps.TryGetValue(step, out var entry) ? entry : (0, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            _steps[step] = (arrived + 1, tcs);
            if (arrived + 1 >= instances) tcs.TrySetResult();
            all = tcs.Task;
        }

        // Real time on purpose: this bounds how long one instance waits for another thread, not a time the service reads.
        await Task.WhenAny(all, Task.Delay(Patience));
    }
}
