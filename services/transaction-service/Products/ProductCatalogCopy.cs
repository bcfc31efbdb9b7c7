using TokenPln.LocalCopies.Products;

namespace TokenPln.TransactionService.Products;

/// <summary>
/// The product list in memory, read on every sale; replaced whole by each load or sync, so a reader never sees half a list.
/// Null until it has been loaded from the database or synced from master-service.
/// </summary>
public sealed class ProductCatalogCopy
{
    private volatile IReadOnlyDictionary<string, PrepaidProductSnapshot>? _products;

    public IReadOnlyDictionary<string, PrepaidProductSnapshot>? Products => _products;
    /// <summary>The counter's admin fees per bill; null until loaded or synced (a bill then carries no counter fee).</summary>
    public CounterFeesSnapshot? Fees { get; set; }

    public DateTimeOffset? LastSyncAt { get; private set; }
    public string? LastSyncError { get; private set; }

    public void Replace(IEnumerable<PrepaidProductSnapshot> products) =>
        _products = products.ToDictionary(p => p.Code, StringComparer.Ordinal);

    public void Synced(DateTimeOffset at)
    {
        LastSyncAt = at;
        LastSyncError = null;
    }

    public void SyncFailed(string error) => LastSyncError = error;
}
