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

    /// <summary>
    /// What the customer pays, whole rupiah, fixed when the sale is made: the owner's selling price for a token; for a bill
    /// IAK's price (nominal plus IAK's admin) plus the counter's admin fee.
    /// </summary>
    public long Price { get; set; }

    /// <summary>
    /// What the sale costs the counter, whole rupiah: what IAK deducts from the deposit (IAK's price for a token, IAK's
    /// selling_price for a bill). <c>Price - Cost</c> is the gross margin. Sales made before selling prices have Cost = Price.
    /// </summary>
    public long Cost { get; set; }

    public long Nominal { get; set; }

    /// <summary>The admin the receipt prints: for a bill IAK's admin plus the counter's fee, so Nominal + Admin = Price.</summary>
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

    /// <summary>IAK's own text of its last word on the sale, for the owner; <see cref="Message"/> is the cashier's.</summary>
    public string? IakMessage { get; set; }

    /// <summary>
    /// IAK answered in a way that showed it knew this ref_id (PROCESS 39 / 201, a final status, a tr_id). From then on
    /// "not found" is a contradiction to look into, never a reason to fail the sale, and the top-up is never sent again.
    /// </summary>
    public bool IakAcknowledged { get; set; }

    /// <summary>Settled by hand before IAK's final word: IAK is still asked (check-status only) until it is known.</summary>
    public bool AwaitingIak { get; set; }

    /// <summary>What IAK says contradicts the sale's status (or IAK lost a ref_id it had acknowledged): for the owner.</summary>
    public bool Disputed { get; set; }

    /// <summary>Why the sale is disputed, one of <see cref="DisputeReasons"/>; kept after the owner resolves it.</summary>
    public string? DisputeReason { get; set; }

    /// <summary>IAK's final word as last reported (success, failed, not_found) and when, kept for the owner.</summary>
    public string? IakStatus { get; set; }

    public DateTime? IakReportedAt { get; set; }

    /// <summary>The serial number IAK reported with its success, kept even when the sale here says otherwise.</summary>
    public string? IakSerialNumber { get; set; }

    /// <summary>How many times the receipt was printed: every print after the first is marked "CETAK ULANG".</summary>
    public int ReceiptPrints { get; set; }

    /// <summary>The cash the customer handed over for this sale (whole rupiah); null for an inquiry and for sales before drawers.</summary>
    public long? CashReceived { get; set; }

    /// <summary>The cashier's drawer the sale's cash went into (see Drawers/CashDrawer).</summary>
    public long? DrawerId { get; set; }
    /// <summary>
    /// The token customer's IDPEL (IAK's inquiry-pln subscriber_id), which the top-up answer does not carry: looked up after
    /// the sale, when its receipt is first printed, and null while unknown (see Receipts/SubscriberLookup).
    /// </summary>
    public string? SubscriberId { get; set; }

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

    /// <summary>
    /// The owner's resolution of a dispute: the only way a final status may become the other final status (or stay).
    /// Refused for a sale that is not disputed or not final.
    /// </summary>
    public bool TryResolveDisputeTo(TransactionStatus next)
    {
        if (!Disputed || !StatusRules.CanResolveDispute(Status, next))
        {
            return false;
        }

        Status = next;
        Disputed = false;
        AwaitingIak = false;
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

    /// <summary>
    /// A disputed sale is settled by the owner's decision: final to final either way (or confirmed as it is), or a
    /// pending one whose ref_id IAK lost. Never back to pending or inquiry.
    /// </summary>
    public static bool CanResolveDispute(TransactionStatus from, TransactionStatus to) =>
        from is TransactionStatus.Pending or TransactionStatus.Success or TransactionStatus.Failed
        && to is TransactionStatus.Success or TransactionStatus.Failed;
}

public static class DisputeReasons
{
    /// <summary>Set to failed by hand; IAK then reported success (the customer may have the token).</summary>
    public const string IakSuccessAfterManualFailed = "iak_success_after_manual_failed";

    /// <summary>Set to success by hand; IAK then reported failure (the token may not exist).</summary>
    public const string IakFailedAfterManualSuccess = "iak_failed_after_manual_success";

    /// <summary>Set to success by hand with a token that is not the one IAK reported.</summary>
    public const string SerialNumberDiffers = "serial_number_differs";

    /// <summary>IAK acknowledged the ref_id and later answered "not found" (for example after losing its state).</summary>
    public const string AcknowledgedThenNotFound = "acknowledged_then_not_found";

    /// <summary>A reconciliation run found IAK's final status is not the sale's (a PLN reversal, a lost answer).</summary>
    public const string ReconciliationStatusDiffers = "reconciliation_status_differs";

    /// <summary>A reconciliation run found IAK's token (serial number) is not the sale's.</summary>
    public const string ReconciliationTokenDiffers = "reconciliation_token_differs";

    /// <summary>A reconciliation run found IAK charged another price than the sale recorded.</summary>
    public const string ReconciliationPriceDiffers = "reconciliation_price_differs";
}
