using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>What IAK's word, found apart from a sale's own flow (a reconciliation run), raises for the owner.</summary>
public sealed partial class SaleWriter
{
    /// <summary>
    /// Flags a sale disputed with IAK's word beside it, for the owner to decide through the dispute resolution, and stages an
    /// audit row (status unchanged). Never moves the status nor the price. Not applied when the sale is already disputed: the
    /// owner has one open question per sale.
    /// </summary>
    public Task<SaleWrite> FlagDisputeAsync(string invoice, string reason, string iakStatus, string? iakSerialNumber, string note,
        CancellationToken cancellationToken) =>
        ChangeAsync(invoice, sale =>
        {
            if (sale.Disputed)
            {
                return false;
            }

            sale.Disputed = true;
            sale.DisputeReason = reason;
            sale.IakStatus = iakStatus;
            sale.IakReportedAt = clock.GetUtcNow().UtcDateTime;
            sale.IakSerialNumber = Truncate(iakSerialNumber, 200) ?? sale.IakSerialNumber;
            StageAudit(sale, sale.Status, ChangeSources.Reconciliation, null, Truncate(note, 500));
            logger.LogWarning("Transaction {Invoice} disputed by reconciliation ({Reason}); status {Status} kept", invoice, reason, sale.Status);
            return true;
        }, cancellationToken);
}
