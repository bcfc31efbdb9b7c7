using TokenPln.Iak;

namespace TokenPln.TransactionService.Sales;

public static class ProviderCall
{
    /// <summary>
    /// IAK's answer if it comes within <paramref name="limit"/>; otherwise an unknown outcome, never a failure: the
    /// request may have reached IAK, so the sale stays pending and the poller settles it.
    /// </summary>
    public static async Task<IakResult<T>> WithinAsync<T>(TimeSpan limit, TimeProvider clock, Func<CancellationToken, Task<IakResult<T>>> call)
    {
        using var bound = new CancellationTokenSource(limit, clock);
        try
        {
            return await call(bound.Token);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            return IakResult<T>.ProviderError($"IAK belum menjawab dalam {limit.TotalSeconds:0} detik; hasilnya belum diketahui.");
        }
    }
}
