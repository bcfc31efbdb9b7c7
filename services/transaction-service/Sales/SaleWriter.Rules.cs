using System.Text.Json;
using TokenPln.Contracts.Events;
using TokenPln.Contracts.Json;
using TokenPln.Iak;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Outbox;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>
/// How each change applies to a sale: IAK's answers, the owner's decisions and the status rules they go through. Every method
/// here only changes the tracked sale and stages its audit row and event; <see cref="SaleWriter"/> saves them.
/// </summary>
public sealed partial class SaleWriter
{
    /// <summary>Stages a status move (audit row and event included); false when the rules do not allow it.</summary>
    private bool Move(Transaction transaction, TransactionStatus next, string source, CurrentUser? by = null, string? reason = null)
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

    /// <summary>
    /// Applies IAK's word on a top-up. Unknown outcomes leave the sale pending and scheduled for a check. IAK's price
    /// never replaces the price the sale was made at; IAK's word on a sale settled by hand is kept beside it.
    /// </summary>
    private void ApplyTopUp(Transaction transaction, IakResult<IakPrepaidTransaction> result, string source)
    {
        var now = clock.GetUtcNow();
        if (transaction.IsFinal)
        {
            if (transaction.AwaitingIak)
            {
                AfterDecision(transaction, Verdict(result, transaction, now), result.Value?.SerialNumber, result, now);
            }

            return;
        }

        // "Not found" is IAK saying it does not know the ref_id: whatever else that answer carries is not its word on the sale.
        var notFound = result.Outcome == IakOutcome.Failed && result.Code == "06";
        if (result.Value is { } answer && !notFound)
        {
            KeepPrice(transaction, answer.Price, source);
            transaction.TrId = answer.TrId is > 0 ? answer.TrId : transaction.TrId;
            transaction.ProviderPayload = JsonSerializer.Serialize(answer, ApiJson.Options);
            transaction.IakAcknowledged |= result.Outcome is IakOutcome.Success or IakOutcome.Pending || answer.TrId is > 0;
        }

        KeepIakWord(transaction, result.Code ?? result.Value?.Rc, result.Value?.Message ?? result.Message);

        switch (result.Outcome)
        {
            case IakOutcome.Success:
                transaction.SerialNumber = Truncate(result.Value!.SerialNumber, 200);
                transaction.CustomerName = CustomerNameFromSerialNumber(result.Value.SerialNumber) ?? transaction.CustomerName;
                transaction.Message = IakMessages.ForPrepaid("00");
                ClearLostRefIdDispute(transaction);
                Move(transaction, TransactionStatus.Success, source);
                break;
            case IakOutcome.Failed when result.Code == "06" && transaction.IakAcknowledged:
                // IAK knew this ref_id before (39, a tr_id): "not found" now means IAK lost it, not that it never sold it.
                KeepLostAcknowledged(transaction, now);
                break;
            case IakOutcome.Failed when result.Code == "06" && !schedule.MayGiveUpOnUnknown(transaction, now):
                // IAK does not know the ref_id yet: the top-up may still be on its way. Only an old sale is given up.
                transaction.Message = IakMessages.Processing;
                schedule.Next(transaction, now);
                break;
            case IakOutcome.Failed:
                transaction.Message = IakMessages.ForPrepaid(result.Code);
                ClearLostRefIdDispute(transaction);
                Move(transaction, TransactionStatus.Failed, source);
                break;
            case IakOutcome.ProviderError when result.NeverSent && source == ChangeSources.Sale && !transaction.IakAcknowledged:
                // The first send certainly never left (circuit open, connection refused): nothing was sold, so the
                // cashier hears it now instead of leaving the customer waiting on a sale that cannot settle.
                transaction.Message = IakMessages.NotSent;
                transaction.NextCheckAt = null;
                Move(transaction, TransactionStatus.Failed, source);
                break;
            default:
                StillOpen(transaction, result.Outcome, now);
                break;
        }
    }

    /// <summary>Applies IAK's word on a bill payment or its status check.</summary>
    private void ApplyBill(Transaction transaction, IakResult<IakBill> result, string source)
    {
        var now = clock.GetUtcNow();
        if (transaction.IsFinal)
        {
            if (transaction.AwaitingIak)
            {
                AfterDecision(transaction, BillVerdict(result, transaction, now), result.Value?.NoRef, result, now);
            }

            return;
        }

        if (result.Value is { } bill)
        {
            transaction.TrId = bill.TrId > 0 ? bill.TrId : transaction.TrId;
            transaction.SellingPrice = bill.SellingPrice > 0 ? bill.SellingPrice : transaction.SellingPrice;
            // IAK's selling_price on the payment is what it actually deducted: the sale's cost (its price stays as inquired).
            transaction.Cost = bill.SellingPrice > 0 ? bill.SellingPrice : transaction.Cost;
            transaction.SerialNumber = Truncate(bill.NoRef, 200) ?? transaction.SerialNumber;
            // IAK leaves desc out (or sends it as "") in some answers, e.g. a pending payment: what an earlier answer said of the
            // bill (tariff, months, stand meter, arrears) is kept, as the receipt prints it.
            var kept = bill.Detail is null && StoredBillDetail(transaction.ProviderPayload) is { } earlier ? bill with { Detail = earlier } : bill;
            transaction.ProviderPayload = JsonSerializer.Serialize(kept, ApiJson.Options);
        }

        KeepIakWord(transaction, result.Code, result.Message);
        // The inquiry's tr_id says nothing of the payment; only an answer that took the payment (pending or paid) does.
        transaction.IakAcknowledged |= result.Outcome is IakOutcome.Success or IakOutcome.Pending;
        switch (result.Outcome)
        {
            case IakOutcome.Success:
                transaction.Message = IakMessages.ForPostpaid("00");
                ClearLostRefIdDispute(transaction);
                Move(transaction, TransactionStatus.Success, source);
                break;
            case IakOutcome.Failed when result.Code is "42" or "06" && transaction.IakAcknowledged:
                // IAK took this payment before: "not received" now means IAK lost it, not that the money never moved.
                KeepLostAcknowledged(transaction, now);
                break;
            // 42 "payment request not received" / 06: IAK has no payment; only an old one is given up, never a fresh one.
            case IakOutcome.Failed when result.Code is "42" or "06" && !schedule.MayGiveUpOnUnknown(transaction, now):
                transaction.Message = IakMessages.Processing;
                schedule.Next(transaction, now);
                break;
            case IakOutcome.Failed:
                transaction.Message = IakMessages.ForPostpaid(result.Code);
                ClearLostRefIdDispute(transaction);
                Move(transaction, TransactionStatus.Failed, source);
                break;
            case IakOutcome.ProviderError when result.NeverSent && source == ChangeSources.Payment:
                transaction.Message = IakMessages.NotSent;
                transaction.NextCheckAt = null;
                Move(transaction, TransactionStatus.Failed, source);
                break;
            default:
                StillOpen(transaction, result.Outcome, now);
                break;
        }
    }

    /// <summary>
    /// The owner settles a pending sale by hand. IAK is still asked afterwards (check-status only), so that its later
    /// word is kept: a token attached to a success, a contradiction raised as a dispute.
    /// </summary>
    private bool SettleByHand(Transaction transaction, TransactionStatus next, CurrentUser owner, string reason, string? serialNumber)
    {
        if (transaction.Status != TransactionStatus.Pending || !Move(transaction, next, ChangeSources.Manual, owner, reason))
        {
            return false;
        }

        if (next == TransactionStatus.Success && serialNumber is { Length: > 0 } serial)
        {
            transaction.SerialNumber = serial;
            transaction.CustomerName = CustomerNameFromSerialNumber(serial) ?? transaction.CustomerName;
        }

        transaction.Message = next == TransactionStatus.Success ? IakMessages.Success : "Dinyatakan gagal oleh pemilik; tidak ada token.";
        // A ref_id IAK has lost will only ever be "not found": the owner's word is then the last one.
        var lost = transaction.DisputeReason == DisputeReasons.AcknowledgedThenNotFound && transaction.Disputed;
        transaction.Disputed = false;
        transaction.AwaitingIak = !lost;
        transaction.NextCheckAt = lost ? null : (clock.GetUtcNow() + schedule.FirstCheckAfter).UtcDateTime;
        return true;
    }

    /// <summary>
    /// The owner's audited decision on a disputed sale: the only way a final status changes. The audit row is written
    /// even when the decision confirms the status; rollups follow through the save.
    /// </summary>
    private bool ResolveDispute(Transaction transaction, TransactionStatus decision, CurrentUser owner, string reason)
    {
        var from = transaction.Status;
        if (!transaction.TryResolveDisputeTo(decision))
        {
            return false;
        }

        if (decision == TransactionStatus.Success && transaction.IakSerialNumber is { } iakSerial
            && PlnToken.FromSerialNumber(transaction.SerialNumber) is null)
        {
            transaction.SerialNumber = iakSerial;
            transaction.CustomerName = CustomerNameFromSerialNumber(iakSerial) ?? transaction.CustomerName;
        }

        transaction.Message = decision == TransactionStatus.Success ? IakMessages.Success : "Dinyatakan gagal oleh pemilik; tidak ada token.";
        transaction.NextCheckAt = null;
        StageChange(transaction, from, ChangeSources.DisputeResolution, owner, reason, publish: from != decision);
        logger.LogInformation("Dispute on {Invoice} resolved by {OwnerId}: {From} -> {To}", transaction.Invoice, owner.Id, from, decision);
        return true;
    }
    /// <summary>No final answer yet: say so in the cashier's words, and schedule the next check.</summary>
    private void StillOpen(Transaction transaction, IakOutcome outcome, DateTimeOffset now)
    {
        transaction.Message = outcome == IakOutcome.ProviderError ? IakMessages.Unknown : IakMessages.Processing;
        schedule.Next(transaction, now);
    }

    /// <summary>IAK's final word on a sale settled by hand, judged against the decision.</summary>
    private void AfterDecision<T>(Transaction transaction, string? verdict, string? serialNumber, IakResult<T> result, DateTimeOffset now)
    {
        if (verdict is null)
        {
            schedule.Next(transaction, now);
            return;
        }

        transaction.AwaitingIak = false;
        transaction.NextCheckAt = null;
        transaction.IakStatus = verdict;
        transaction.IakReportedAt = now.UtcDateTime;
        KeepIakWord(transaction, result.Code, result.Message);
        if (verdict == IakWords.Success)
        {
            transaction.IakAcknowledged = true;
            transaction.IakSerialNumber = Truncate(serialNumber, 200);
        }

        var here = transaction.Status;
        string? dispute = (verdict, here) switch
        {
            (IakWords.Success, TransactionStatus.Failed) => DisputeReasons.IakSuccessAfterManualFailed,
            (IakWords.NotFound, TransactionStatus.Success) when transaction.IakAcknowledged => DisputeReasons.AcknowledgedThenNotFound,
            (IakWords.Failed or IakWords.NotFound, TransactionStatus.Success) => DisputeReasons.IakFailedAfterManualSuccess,
            (IakWords.Success, TransactionStatus.Success) when transaction.Type == TransactionType.Prepaid
                && PlnToken.FromSerialNumber(transaction.SerialNumber) is { } ours && PlnToken.FromSerialNumber(serialNumber) is { } theirs
                && ours != theirs => DisputeReasons.SerialNumberDiffers,
            _ => null,
        };

        if (dispute is not null)
        {
            transaction.Disputed = true;
            transaction.DisputeReason = dispute;
            logger.LogWarning("IAK reported {Verdict} for {Invoice}, settled {Status} by hand: disputed ({Reason})", verdict, transaction.Invoice, here, dispute);
            return;
        }

        if (verdict == IakWords.Success && here == TransactionStatus.Success && string.IsNullOrEmpty(transaction.SerialNumber) && serialNumber is { Length: > 0 })
        {
            transaction.SerialNumber = Truncate(serialNumber, 200);
            transaction.CustomerName = CustomerNameFromSerialNumber(serialNumber) ?? transaction.CustomerName;
            logger.LogInformation("IAK's token attached to {Invoice}, settled success by hand", transaction.Invoice);
        }
        else
        {
            logger.LogInformation("IAK reported {Verdict} for {Invoice}, settled {Status} by hand: agrees", verdict, transaction.Invoice, here);
        }
    }

    /// <summary>IAK's final word on a top-up (success, failed, not_found), or null while it has none.</summary>
    private string? Verdict(IakResult<IakPrepaidTransaction> result, Transaction transaction, DateTimeOffset now) => result.Outcome switch
    {
        IakOutcome.Success => IakWords.Success,
        IakOutcome.Failed when result.Code == "06" => schedule.MayGiveUpOnUnknown(transaction, now) ? IakWords.NotFound : null,
        IakOutcome.Failed => IakWords.Failed,
        _ => null,
    };

    private string? BillVerdict(IakResult<IakBill> result, Transaction transaction, DateTimeOffset now) => result.Outcome switch
    {
        IakOutcome.Success => IakWords.Success,
        IakOutcome.Failed when result.Code is "42" or "06" => schedule.MayGiveUpOnUnknown(transaction, now) ? IakWords.NotFound : null,
        IakOutcome.Failed => IakWords.Failed,
        _ => null,
    };

    /// <summary>The price is fixed when the sale is made; IAK's figure only fills one that was never known.</summary>
    private void KeepPrice(Transaction transaction, long? iakPrice, string source)
    {
        if (iakPrice is not > 0 || iakPrice == transaction.Price)
        {
            return;
        }

        if (transaction.Price == 0 && source != ChangeSources.Callback)
        {
            transaction.Price = iakPrice.Value;
            return;
        }

        logger.LogWarning("IAK reported price {IakPrice} for {Invoice} by {Source}; the sale keeps {Price}", iakPrice, transaction.Invoice, source,
            transaction.Price);
    }

    private static void KeepIakWord(Transaction transaction, string? rc, string? message)
    {
        transaction.Rc = Truncate(rc, 10) ?? transaction.Rc;
        transaction.IakMessage = Truncate(message, 200) ?? transaction.IakMessage;
    }

    /// <summary>IAK denies a ref_id it acknowledged: the sale stays pending, is flagged for the owner once, and is asked about again.</summary>
    private void KeepLostAcknowledged(Transaction transaction, DateTimeOffset now)
    {
        if (!transaction.Disputed)
        {
            transaction.Disputed = true;
            transaction.DisputeReason = DisputeReasons.AcknowledgedThenNotFound;
            transaction.IakStatus = IakWords.NotFound;
            transaction.IakReportedAt = now.UtcDateTime;
            logger.LogWarning("IAK answered not found for acknowledged sale {Invoice}; kept pending and flagged for the owner", transaction.Invoice);
        }

        transaction.Message = IakMessages.Processing;
        schedule.Next(transaction, now);
    }

    /// <summary>A lost ref_id that IAK finds again and settles needs no decision from the owner any more.</summary>
    private static void ClearLostRefIdDispute(Transaction transaction)
    {
        if (transaction.Disputed && transaction.DisputeReason == DisputeReasons.AcknowledgedThenNotFound)
        {
            transaction.Disputed = false;
        }
    }

    private void StageChange(Transaction transaction, TransactionStatus? from, string source, CurrentUser? by, string? reason, bool publish = true)
    {
        StageAudit(transaction, from, source, by, reason);
        if (publish)
        {
            StageEvent(transaction, from, source);
        }
    }

    /// <summary>The audit row of a status move (it needs the sale's key, so a new sale's row follows the sale's insert).</summary>
    private void StageAudit(Transaction transaction, TransactionStatus? from, string source, CurrentUser? by, string? reason) =>
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
            At = clock.GetUtcNow().UtcDateTime,
        });

    /// <summary>The <c>transaction-status-changed</c> event of a status move, into the outbox of the same save.</summary>
    private void StageEvent(Transaction transaction, TransactionStatus? from, string source) =>
        db.AddToOutbox(Topics.TransactionStatusChanged, new TransactionStatusChangedIntegrationEvent(
            transaction.Invoice, transaction.Type.ToString().ToLowerInvariant(), from?.ToString().ToLowerInvariant(),
            transaction.Status.ToString().ToLowerInvariant(), transaction.Price, transaction.CashierId, transaction.OfficeHoursId, source)
        { OccurredAt = clock.GetUtcNow() });

    /// <summary>IAK's PLN serial number carries the customer's name: token/NAME/tariff/power/kWh; the name may itself contain '/'.</summary>
    private static string? CustomerNameFromSerialNumber(string? serialNumber) => Truncate(PlnSerialNumber.Parse(serialNumber).Name, 100);

    private static string? StoredBillDetail(string? payload)
    {
        if (payload is null) return null;
        try
        {
            return JsonSerializer.Deserialize<IakBill>(payload, ApiJson.Options)?.Detail;
        }
        catch (JsonException)
        {
            // Not a bill this service stored (or an older shape): there is no earlier desc to keep.
            return null;
        }
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];
}
