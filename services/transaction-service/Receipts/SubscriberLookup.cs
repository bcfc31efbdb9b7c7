using Microsoft.EntityFrameworkCore;
using TokenPln.Iak;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Receipts;

/// <summary>
/// Finds a token sale's IDPEL, which IAK's top-up answer does not carry, with IAK's inquiry-pln.
/// Why at the first print and not during the sale: the sale must not wait for a second call to IAK, and a sale succeeds
/// through several doors (its own answer, a callback, the poller, the owner by hand); the print is the one moment every
/// successful token passes through that needs the IDPEL, the customer is already served, and the print is already a
/// write. Best effort and bounded: when IAK does not answer in time or does not know the meter, the receipt leaves IDPEL
/// out (never invented) and a later print asks again. Stored on the sale once found, so it is asked at most once per
/// sale that IAK answers.
/// </summary>
public sealed class SubscriberLookup(IIakClient iak, TransactionDbContext db, IConfiguration configuration, ILogger<SubscriberLookup> logger)
{
    private readonly TimeSpan _answerWithin = configuration.GetValue("Receipts:SubscriberLookupWithin", TimeSpan.FromSeconds(3));

    /// <summary>The IDPEL of a successful token sale that has none yet, stored on the sale; null when still unknown.</summary>
    public async Task<string?> FillAsync(Transaction sale, CancellationToken cancellationToken)
    {
        if (sale.Type != TransactionType.Prepaid || sale.Status != TransactionStatus.Success) return null;
        if (sale.SubscriberId is { } known) return known;

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(_answerWithin);
        IakResult<IakPlnCustomer> answer;
        try
        {
            answer = await iak.InquirePlnCustomerAsync(sale.CustomerId, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("IDPEL of {Invoice} not looked up: IAK did not answer within {Within}", sale.Invoice, _answerWithin);
            return null;
        }

        var subscriberId = answer.Value?.SubscriberId?.Trim();
        if (!answer.IsSuccess || subscriberId is not { Length: > 0 and <= 20 } || !subscriberId.All(char.IsAsciiDigit))
        {
            logger.LogWarning("IDPEL of {Invoice} not known: IAK answered {Outcome} ({Code} {Message})", sale.Invoice, answer.Outcome, answer.Code,
                answer.Message);
            return null;
        }

        // Only the IDPEL, only while it is unset: the sale's status and version are not this write's business.
        await db.Transactions.Where(t => t.Id == sale.Id && t.SubscriberId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(t => t.SubscriberId, subscriberId), cancellationToken);
        logger.LogInformation("IDPEL of {Invoice} stored for its receipt", sale.Invoice);
        return subscriberId;
    }
}
