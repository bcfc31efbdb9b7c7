using TokenPln.Web.Live;

namespace TokenPln.Web.Sales;

/// <summary>
/// Keeps a pending sale's page current until it settles: the sale is re-read when its own
/// <c>transaction-status-changed</c> event reaches this replica, and also after every quiet period, so that an event
/// lost on the way (another replica got it, the broker dropped it) never leaves the cashier looking at "sedang diproses"
/// for good. The event only says "look again": what the page shows always comes from the re-read.
/// </summary>
/// <param name="wait">The period between re-reads (in production a delay on the app's clock; in tests a gate the test opens).</param>
/// <param name="reread">Reads the sale again with the cashier's own token and shows it.</param>
public sealed class PendingSaleWatch : IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource _stopping = new();
    private readonly IDisposable _subscription;
    private readonly string _invoice;
    private readonly Func<Task> _reread;

    public PendingSaleWatch(TransactionStatusNotifier notifier, string invoice, Func<CancellationToken, Task> wait, Func<Task> reread)
    {
        _invoice = invoice;
        _reread = reread;
        _subscription = notifier.Subscribe(changed =>
            // Every sale of every cashier passes through the notifier; only this page's own invoice is worth a read.
            string.Equals(changed.Invoice, _invoice, StringComparison.Ordinal) && !_stopping.IsCancellationRequested ? _reread() : Task.CompletedTask);
        Polling = PollAsync(wait);
    }

    public static PendingSaleWatch WithDelay(TransactionStatusNotifier notifier, string invoice, TimeProvider clock, Func<Task> reread) =>
        new(notifier, invoice, cancellationToken => Task.Delay(Period, clock, cancellationToken), reread);

    public string Invoice => _invoice;

    /// <summary>The periodic re-reads; ends when the watch is disposed.</summary>
    public Task Polling { get; }

    private async Task PollAsync(Func<CancellationToken, Task> wait)
    {
        // Off the caller's stack: the first wait must not run inside the render that started the watch.
        await Task.Yield();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await wait(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return;
            }

            if (_stopping.IsCancellationRequested) return;
            await _reread();
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _stopping.Cancel();
    }
}
