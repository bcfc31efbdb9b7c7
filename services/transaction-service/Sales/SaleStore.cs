using Microsoft.EntityFrameworkCore;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

public static class SaleStore
{
    /// <summary>
    /// Inserts a new transaction together with its first audit row and event, all or nothing. False when a unique
    /// index refused it (same invoice, ref_id or cashier Idempotency-Key); the caller decides which.
    /// </summary>
    public static async Task<bool> TryInsertAsync(TransactionDbContext db, SaleRecorder recorder, Transaction transaction, string source)
    {
        await using var unit = await db.Database.BeginTransactionAsync(CancellationToken.None);
        try
        {
            db.Transactions.Add(transaction);
            await db.SaveWithRollupAsync(CancellationToken.None);
            recorder.Created(transaction, source);
            await db.SaveChangesAsync(CancellationToken.None);
            await unit.CommitAsync(CancellationToken.None);
            return true;
        }
        catch (DbUpdateException)
        {
            await unit.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
