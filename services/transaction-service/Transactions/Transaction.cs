namespace TokenPln.TransactionService.Transactions;

public enum TransactionType
{
    Prepaid,
    Postpaid,
    Nontaglis,
}

public enum TransactionStatus
{
    /// <summary>A bill looked up and not paid: no money has moved.</summary>
    Inquiry,

    /// <summary>Sent to IAK (or about to be) and not final yet.</summary>
    Pending,

    Success,
    Failed,
}

/// <summary>
/// One sale: a PLN token top-up, or a postpaid / Non-Taglis bill from inquiry to payment. The invoice is
/// stored before IAK is called, and its ref_id is what every retry and status check reuses.
/// </summary>
public sealed class Transaction
{
    public long Id { get; init; }
    public required string Invoice { get; init; }

    /// <summary>The ref_id sent to IAK: the invoice itself for prepaid, without the hyphen for postpaid (IAK wants alphanumerics there).</summary>
    public required string RefId { get; init; }

    public TransactionType Type { get; init; }
    public required string ProductCode { get; init; }
    public required string CustomerId { get; init; }
    public string? CustomerName { get; set; }
    public TransactionStatus Status { get; private set; }
    public string? Rc { get; set; }
    public string? Message { get; set; }

    /// <summary>What the customer pays, whole rupiah: IAK's price for a token, nominal plus admin for a bill.</summary>
    public long Price { get; set; }

    public long Nominal { get; set; }
    public long Admin { get; set; }
    public long? SellingPrice { get; set; }
    public long? TrId { get; set; }
    public string? Period { get; set; }
    public string? SerialNumber { get; set; }
    public string? ProviderPayload { get; set; }
    public int CashierId { get; init; }
    public required string CashierName { get; init; }
    public int? OfficeHoursId { get; init; }
    public string? IdempotencyKey { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The WIB calendar day of the sale, for daily reports and date filters.</summary>
    public DateOnly LocalDate { get; init; }

    /// <summary>Minutes since WIB midnight of the sale, for filtering by shift hours.</summary>
    public int LocalMinuteOfDay { get; init; }

    public DateTime? InquiryExpiresAt { get; init; }
    public DateTime? NextCheckAt { get; set; }
    public int CheckAttempts { get; set; }
    public long Version { get; set; }

    public bool IsFinal => Status is TransactionStatus.Success or TransactionStatus.Failed;

    /// <summary>The 20-digit token for a receipt, grouped by four; null until a prepaid sale succeeds.</summary>
    public string? Token => Type == TransactionType.Prepaid ? Iak.PlnToken.FromSerialNumber(SerialNumber) : null;

    /// <summary>
    /// Moves to <paramref name="next"/> when the rules allow it. A final status never changes again, a pending
    /// sale never goes back to inquiry, and only an inquiry can start a payment.
    /// </summary>
    public bool TryMoveTo(TransactionStatus next)
    {
        if (!StatusRules.CanMove(Status, next))
        {
            return false;
        }

        Status = next;
        return true;
    }

    /// <summary>The first state of a new record: pending for a top-up, inquiry for a bill.</summary>
    public void StartAs(TransactionStatus status)
    {
        if (Id != 0) throw new InvalidOperationException("Only a new transaction takes its initial status.");
        Status = status;
    }
}

public static class StatusRules
{
    public static bool CanMove(TransactionStatus from, TransactionStatus to) => (from, to) switch
    {
        (TransactionStatus.Inquiry, TransactionStatus.Pending or TransactionStatus.Failed) => true,
        (TransactionStatus.Pending, TransactionStatus.Success or TransactionStatus.Failed) => true,
        _ => false,
    };
}
