using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Deposit;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>What a write found and did: the sale as it now is (null when the invoice does not exist) and whether the change applied.</summary>
public readonly record struct SaleWrite(Transaction? Sale, bool Applied);

/// <summary>
/// The one writer of sales: it creates a sale and applies every later change to it (IAK's answer to the sale, a callback or a
/// status check, a payment's claim, the owner's decision by hand or on a dispute, the check schedule, a receipt print). Each
/// status move is saved with its audit row and its <c>transaction-status-changed</c> event (outbox) in one database
/// transaction; the dashboard's rollups follow in the same transaction through the database's triggers. Concurrent writers
/// (the sale, a callback, the poller, the owner) are reconciled by the sale's <see cref="Transaction.Version"/>: the loser
/// reads the sale again and applies its change again, and the status rules make sure a final status never changes except by
/// the owner's audited decision on a dispute.
/// </summary>
public sealed partial class SaleWriter(TransactionDbContext db, TimeProvider clock, StatusCheckSchedule schedule, DepositBook deposit,
    ILogger<SaleWriter> logger)
{
    /// <summary>
    /// Stores a new sale (pending) or bill inquiry with its first audit row and event, all or nothing. False when a unique
    /// index refused it (the same invoice, ref_id, or the cashier's Idempotency-Key); the caller decides which.
    /// </summary>
    public async Task<bool> TryCreateAsync(Transaction sale)
    {
        await using var unit = await db.Database.BeginTransactionAsync(CancellationToken.None);
        try
        {
            db.Transactions.Add(sale);
            StageEvent(sale, null, ChangeSources.Sale);
            await db.SaveChangesAsync(CancellationToken.None);
            StageAudit(sale, null, ChangeSources.Sale, null, null);
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

    /// <summary>IAK's answer on a top-up: to the sale itself, a status check or a callback (<paramref name="source"/>).</summary>
    public async Task<SaleWrite> ApplyTopUpAnswerAsync(string invoice, IakResult<IakPrepaidTransaction> answer, string source)
    {
        var written = await ChangeAsync(invoice, sale =>
        {
            ApplyTopUp(sale, answer, source);
            return true;
        }, CancellationToken.None);
        // Not a status: the balance IAK sent along is noted apart, after the sale is saved.
        await deposit.TryObserveAsync(answer.Value?.Balance, source);
        return written;
    }

    /// <summary>IAK's answer on a bill payment or its status check.</summary>
    public async Task<SaleWrite> ApplyBillAnswerAsync(string invoice, IakResult<IakBill> answer, string source)
    {
        var written = await ChangeAsync(invoice, sale =>
        {
            ApplyBill(sale, answer, source);
            return true;
        }, CancellationToken.None);
        await deposit.TryObserveAsync(answer.Value?.Balance, source);
        return written;
    }

    /// <summary>
    /// Moves an inquired bill to pending before it is paid; exactly one payment wins, a concurrent second one finds it no longer
    /// an inquiry (not applied). Throws <see cref="DbUpdateException"/> when the one-payment-per-bill index refuses it.
    /// </summary>
    /// The cash received and the drawer are stored with the claim, in the same write.
    public Task<SaleWrite> ClaimBillForPaymentAsync(string invoice, long? cashReceived = null, long? drawerId = null) =>
        ChangeAsync(invoice, sale =>
        {
            if (!Move(sale, TransactionStatus.Pending, ChangeSources.Payment)) return false;
            sale.CashReceived = cashReceived;
            sale.DrawerId = drawerId;
            return true;
        }, CancellationToken.None);

    /// <summary>The owner settles a pending sale by hand, as IAK's report shows; not applied when the sale is not pending.</summary>
    public Task<SaleWrite> SettleByHandAsync(string invoice, TransactionStatus status, CurrentUser owner, string reason, string? serialNumber,
        CancellationToken cancellationToken) =>
        ChangeAsync(invoice, sale => SettleByHand(sale, status, owner, reason, serialNumber), cancellationToken);

    /// <summary>The owner's decision on a disputed sale; not applied when the sale is not disputed.</summary>
    public Task<SaleWrite> ResolveDisputeAsync(string invoice, TransactionStatus decision, CurrentUser owner, string reason,
        CancellationToken cancellationToken) =>
        ChangeAsync(invoice, sale => ResolveDispute(sale, decision, owner, reason), cancellationToken);

    /// <summary>
    /// Pushes a due sale's next check further out, once its check has been requested. Only the schedule columns, without the
    /// concurrency version: a status change racing this one is neither disturbed nor undone.
    /// </summary>
    public Task PostponeCheckAsync(string invoice, int checkAttempts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = (now + schedule.Delay(checkAttempts + 1)).UtcDateTime;
        return db.Transactions.Where(t => t.Invoice == invoice && (t.Status == TransactionStatus.Pending || t.AwaitingIak))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.CheckAttempts, t => t.CheckAttempts + 1).SetProperty(t => t.NextCheckAt, next),
                cancellationToken);
    }

    /// <summary>Counts a print of a successful sale's receipt, in the database, so two prints at once are two. False when not a success.</summary>
    public async Task<bool> CountReceiptPrintAsync(long saleId, CancellationToken cancellationToken) =>
        await db.Transactions.Where(t => t.Id == saleId && t.Status == TransactionStatus.Success)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.ReceiptPrints, t => t.ReceiptPrints + 1), cancellationToken) > 0;

    /// <summary>
    /// Applies <paramref name="change"/> to the sale and saves it with what the change staged, retrying on a concurrent write.
    /// A sale this scope has just created is still tracked and is changed as it is, without reading it again.
    /// </summary>
    private async Task<SaleWrite> ChangeAsync(string invoice, Func<Transaction, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var sale = db.Transactions.Local.FirstOrDefault(t => t.Invoice == invoice)
                       ?? await db.Transactions.FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
            if (sale is null)
            {
                return new SaleWrite(null, false);
            }

            var applied = change(sale);
            if (!db.ChangeTracker.HasChanges())
            {
                return new SaleWrite(sale, applied);
            }

            sale.Version++;
            sale.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new SaleWrite(sale, applied);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                logger.LogInformation("Transaction {Invoice} changed concurrently; applying again (attempt {Attempt})", invoice, attempt + 1);
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException)
            {
                // What was staged must not be saved by a later save of this scope.
                db.ChangeTracker.Clear();
                throw;
            }
        }
    }
}
