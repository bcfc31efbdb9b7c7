using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Sales;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.StatusChecks;

/// <summary>
/// Asks IAK about one pending sale, or one settled by hand that still awaits IAK's word, and applies the answer; other
/// final and unpaid ones are left as they are.
/// </summary>
public sealed class StatusChecker(TransactionDbContext db, IIakClient iak, SaleWriter writer, StatusCheckSchedule schedule, TimeProvider clock,
    ILogger<StatusChecker> logger)
{
    public async Task<(Transaction? Transaction, IakOutcome? Outcome)> CheckAsync(string invoice, string source, CancellationToken cancellationToken)
    {
        var transaction = await db.Transactions.AsNoTracking().FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
        if (transaction is null || (transaction.Status != TransactionStatus.Pending && !(transaction.AwaitingIak && transaction.IsFinal)))
        {
            return (transaction, null);
        }

        if (transaction.Type == TransactionType.Prepaid)
        {
            // IAK never acknowledged this top-up (outage, lost answer): sending it again with the same ref_id is safe,
            // since IAK answers a known ref_id as a status check and sells an unknown one exactly once. A sale IAK did
            // acknowledge, or one settled by hand, is only ever asked about: a provider that lost its state would
            // otherwise sell it a second time.
            var result = transaction.Status == TransactionStatus.Pending && !transaction.IakAcknowledged && transaction.TrId is null
                         && schedule.MayResend(transaction, clock.GetUtcNow())
                ? await iak.TopUpAsync(transaction.RefId, transaction.CustomerId, transaction.ProductCode, cancellationToken)
                : await iak.CheckPrepaidStatusAsync(transaction.RefId, cancellationToken);
            logger.LogInformation("Status of {Invoice} at IAK: {Outcome} ({Code})", invoice, result.Outcome, result.Code);
            return ((await writer.ApplyTopUpAnswerAsync(invoice, result, source)).Sale, result.Outcome);
        }

        var bill = await iak.CheckBillStatusAsync(transaction.RefId, cancellationToken);
        logger.LogInformation("Status of bill {Invoice} at IAK: {Outcome} ({Code})", invoice, bill.Outcome, bill.Code);
        return ((await writer.ApplyBillAnswerAsync(invoice, bill, source)).Sale, bill.Outcome);
    }
}
