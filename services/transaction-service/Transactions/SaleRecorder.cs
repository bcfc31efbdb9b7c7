using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenPln.BuildingBlocks.Auth;
using TokenPln.BuildingBlocks.Events;
using TokenPln.BuildingBlocks.Json;
using TokenPln.BuildingBlocks.Outbox;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.StatusChecks;

namespace TokenPln.TransactionService.Transactions;

/// <summary>
/// The only writer of sale status. Each status move is saved together with its audit row and its
/// <c>transaction-status-changed</c> event (outbox), and concurrent writers (the sale, the poller, a callback,
/// a manual check) are reconciled by optimistic concurrency: the loser reloads and re-applies, and the status
/// rules make sure a final status is never changed again.
/// </summary>
public sealed class SaleRecorder(TransactionDbContext db, TimeProvider clock, StatusCheckSchedule schedule, ILogger<SaleRecorder> logger)
{
    /// <summary>Stages a status move (audit row and event included); false when the rules do not allow it.</summary>
    public bool Move(Transaction transaction, TransactionStatus next, string source, CurrentUser? by = null, string? reason = null)
    {
        var from = transaction.Status;
        if (!transaction.TryMoveTo(next))
        {
            return false;
        }

        StageChange(transaction, from, source, by, reason);
        logger.LogInformation("Transaction {Invoice} {From} -> {To} by {Source}", transaction.Invoice, from, next, source);
        return true;
    }

    /// <summary>Stages the first status of a new transaction with its audit row and event.</summary>
    public void Created(Transaction transaction, string source) => StageChange(transaction, null, source, null, null);

    /// <summary>Applies IAK's word on a top-up. Unknown outcomes leave the sale pending and scheduled for a check.</summary>
    public void ApplyPrepaid(Transaction transaction, IakResult<IakPrepaidTransaction> result, string source)
    {
        if (transaction.IsFinal)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (result.Value is { } answer)
        {
            transaction.Price = answer.Price is > 0 ? answer.Price.Value : transaction.Price;
            transaction.TrId = answer.TrId is > 0 ? answer.TrId : transaction.TrId;
            transaction.Rc = answer.Rc;
            transaction.Message = Truncate(answer.Message, 200);
            transaction.ProviderPayload = JsonSerializer.Serialize(answer, ApiJson.Options);
        }

        switch (result.Outcome)
        {
            case IakOutcome.Success:
                transaction.SerialNumber = Truncate(result.Value!.SerialNumber, 200);
                transaction.CustomerName = CustomerNameFromSerialNumber(result.Value.SerialNumber) ?? transaction.CustomerName;
                Move(transaction, TransactionStatus.Success, source);
                break;
            case IakOutcome.Failed when result.Code == "06" && !schedule.MayGiveUpOnUnknown(transaction, now):
                // IAK does not know the ref_id yet: the top-up may still be on its way. Only an old sale is given up.
                schedule.Next(transaction, now);
                break;
            case IakOutcome.Failed:
                transaction.Rc ??= result.Code;
                transaction.Message ??= result.Message;
                Move(transaction, TransactionStatus.Failed, source);
                break;
            default:
                StillOpen(transaction, result.Outcome, result.Message, now);
                break;
        }
    }

    /// <summary>Applies IAK's word on a bill payment or its status check.</summary>
    public void ApplyPostpaid(Transaction transaction, IakResult<IakBill> result, string source)
    {
        if (transaction.IsFinal)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (result.Value is { } bill)
        {
            transaction.TrId = bill.TrId > 0 ? bill.TrId : transaction.TrId;
            transaction.SellingPrice = bill.SellingPrice > 0 ? bill.SellingPrice : transaction.SellingPrice;
            transaction.SerialNumber = Truncate(bill.NoRef, 200) ?? transaction.SerialNumber;
            transaction.ProviderPayload = JsonSerializer.Serialize(bill, ApiJson.Options);
        }

        transaction.Rc = result.Code ?? transaction.Rc;
        transaction.Message = Truncate(result.Message, 200);
        switch (result.Outcome)
        {
            case IakOutcome.Success:
                Move(transaction, TransactionStatus.Success, source);
                break;
            // 42 "payment request not received" / 06: IAK has no payment; only an old one is given up, never a fresh one.
            case IakOutcome.Failed when result.Code is "42" or "06" && !schedule.MayGiveUpOnUnknown(transaction, now):
                schedule.Next(transaction, now);
                break;
            case IakOutcome.Failed:
                Move(transaction, TransactionStatus.Failed, source);
                break;
            default:
                StillOpen(transaction, result.Outcome, result.Message, now);
                break;
        }
    }

    /// <summary>
    /// Loads the transaction, applies <paramref name="change"/> and saves, retrying on a concurrent write.
    /// Null when the invoice does not exist.
    /// </summary>
    public async Task<Transaction?> UpdateAsync(string invoice, Action<Transaction> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var transaction = await db.Transactions.FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
            if (transaction is null)
            {
                return null;
            }

            change(transaction);
            if (!db.ChangeTracker.HasChanges())
            {
                return transaction;
            }

            transaction.Version++;
            transaction.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveWithRollupAsync(cancellationToken);
                return transaction;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                logger.LogInformation("Transaction {Invoice} changed concurrently; applying again (attempt {Attempt})", invoice, attempt + 1);
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>No final answer yet: say why when IAK could not be asked, and schedule the next check.</summary>
    private void StillOpen(Transaction transaction, IakOutcome outcome, string message, DateTimeOffset now)
    {
        if (outcome == IakOutcome.ProviderError)
        {
            transaction.Message = Truncate($"Menunggu konfirmasi IAK: {message}", 200);
        }

        schedule.Next(transaction, now);
    }

    private void StageChange(Transaction transaction, TransactionStatus? from, string source, CurrentUser? by, string? reason)
    {
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(new StatusChange
        {
            TransactionId = transaction.Id,
            Invoice = transaction.Invoice,
            FromStatus = from,
            ToStatus = transaction.Status,
            Source = source,
            ChangedById = by?.Id,
            ChangedByName = by?.Name,
            Reason = reason,
            At = now.UtcDateTime,
        });
        db.AddToOutbox(Topics.TransactionStatusChanged, new TransactionStatusChangedIntegrationEvent(
            transaction.Invoice, transaction.Type.ToString().ToLowerInvariant(), from?.ToString().ToLowerInvariant(),
            transaction.Status.ToString().ToLowerInvariant(), transaction.Price, transaction.CashierId, transaction.OfficeHoursId, source)
        { OccurredAt = now });
    }

    /// <summary>IAK's PLN serial number carries the customer's name: token/NAME/tariff/power/kWh.</summary>
    private static string? CustomerNameFromSerialNumber(string? serialNumber) =>
        serialNumber?.Split('/') is { Length: >= 2 } parts && parts[1].Trim().Length > 0 ? Truncate(parts[1].Trim(), 100) : null;

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
