using TokenPln.Contracts.Events;

namespace TokenPln.Web.Live;

/// <summary>
/// Hands each <c>transaction-status-changed</c> event this app receives to the open pages that listen (the owner's
/// dashboards, a cashier's pending sale). In-process and per replica: a page hears the events delivered to its own web app instance.
/// </summary>
public sealed class TransactionStatusNotifier(ILogger<TransactionStatusNotifier> logger)
{
    private readonly Lock _gate = new();
    private readonly List<Func<TransactionStatusChangedIntegrationEvent, Task>> _listeners = [];

    public int ListenerCount
    {
        get
        {
            lock (_gate) return _listeners.Count;
        }
    }

    /// <summary>Starts listening; disposing the answer stops it (a page does so when it is left or its circuit ends).</summary>
    public IDisposable Subscribe(Func<TransactionStatusChangedIntegrationEvent, Task> listener)
    {
        lock (_gate) _listeners.Add(listener);
        return new Subscription(this, listener);
    }

    public async Task PublishAsync(TransactionStatusChangedIntegrationEvent changed)
    {
        Func<TransactionStatusChangedIntegrationEvent, Task>[] listeners;
        lock (_gate) listeners = [.. _listeners];
        foreach (var listener in listeners)
        {
            try
            {
                await listener(changed);
            }
            catch (Exception ex)
            {
                // One broken page must neither stop the others from hearing the event nor make the sidecar redeliver it.
                logger.LogWarning(ex, "A live page failed to take the status change of {Invoice}", changed.Invoice);
            }
        }
    }

    private void Remove(Func<TransactionStatusChangedIntegrationEvent, Task> listener)
    {
        lock (_gate) _listeners.Remove(listener);
    }

    private sealed class Subscription(TransactionStatusNotifier owner, Func<TransactionStatusChangedIntegrationEvent, Task> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) owner.Remove(listener);
        }
    }
}
