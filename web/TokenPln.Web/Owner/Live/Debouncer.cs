namespace TokenPln.Web.Owner.Live;

/// <summary>
/// Turns a burst of signals into few reloads: the first signal waits out the quiet period, and every signal that comes
/// while it waits or while the reload runs is folded into at most one more reload after it. A busy counter settling many
/// sales a second therefore costs a dashboard one read per period, not one per sale.
/// </summary>
/// <param name="wait">The quiet period (in production a delay on the app's clock; in tests a gate the test opens).</param>
/// <param name="action">The reload.</param>
public sealed class Debouncer(Func<CancellationToken, Task> wait, Func<Task> action) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private bool _running;
    private bool _again;

    public static Debouncer WithDelay(TimeSpan quiet, TimeProvider clock, Func<Task> action) =>
        new(cancellationToken => Task.Delay(quiet, clock, cancellationToken), action);

    /// <summary>The task of the current run, for tests and for an orderly dispose; completed when idle.</summary>
    public Task Idle { get; private set; } = Task.CompletedTask;

    public void Signal()
    {
        lock (_gate)
        {
            if (_stopping.IsCancellationRequested) return;
            if (_running)
            {
                _again = true;
                return;
            }

            _running = true;
            Idle = RunAsync();
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            try
            {
                await wait(_stopping.Token);
                // What came in while waiting is in this reload; only what comes during it asks for another.
                lock (_gate) _again = false;
                await action();
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }
            catch
            {
                // A failed reload must not leave the debouncer thinking it still runs; the next signal starts afresh.
                lock (_gate)
                {
                    _running = false;
                    _again = false;
                }

                throw;
            }

            lock (_gate)
            {
                if (!_again || _stopping.IsCancellationRequested)
                {
                    _running = false;
                    return;
                }

                _again = false;
            }
        }
    }

    public void Dispose()
    {
        // Not disposed: a run still in flight reads its token; cancelling frees what matters.
        lock (_gate) _stopping.Cancel();
    }
}
