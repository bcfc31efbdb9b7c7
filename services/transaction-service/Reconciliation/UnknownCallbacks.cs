using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Reconciliation;

/// <summary>Keeps IAK's signed callbacks for ref_ids we have no sale for: the day's reconciliation run lists them.</summary>
public sealed class UnknownCallbacks(TransactionDbContext db, TimeProvider clock, ILogger<UnknownCallbacks> logger)
{
    /// <summary>Records a verified callback (the caller checked its sign); a repeat of the same ref_id updates the row.</summary>
    public async Task RecordAsync(IakCallback callback, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var refId = Clip(callback.RefId, 40)!;
        for (var attempt = 1; ; attempt++)
        {
            var row = await db.Set<UnknownIakCallback>().FirstOrDefaultAsync(c => c.RefId == refId, cancellationToken);
            if (row is null)
            {
                row = new UnknownIakCallback
                {
                    RefId = refId, FirstReceivedAt = now.UtcDateTime, LocalDate = JakartaClock.Bucket(now).Date,
                };
                db.Set<UnknownIakCallback>().Add(row);
            }

            row.Status = callback.Status;
            row.ProductCode = Clip(callback.ProductCode, 30);
            row.CustomerId = Clip(callback.CustomerId, 20);
            row.Price = callback.Price;
            row.SerialNumber = Clip(callback.SerialNumber, 200);
            row.Message = Clip(callback.Message, 200);
            row.LastReceivedAt = now.UtcDateTime;
            row.Deliveries++;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogWarning("IAK callback for unknown ref_id {RefId} recorded for reconciliation (status {Status})", refId, callback.Status);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same callback delivered twice at once: the other delivery inserted it; update that row instead.
                db.ChangeTracker.Clear();
            }
        }
    }

    private static string? Clip(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
