using TokenPln.Web.Api;
using TokenPln.Web.Sales;

namespace TokenPln.Web.Bills;

/// <summary>
/// One bill at the counter, from inquiry to result, without any UI (the bill counterpart of <see cref="TokenSale"/>). The
/// inquiry's invoice is what pays: transaction-service moves an inquiry to pending once, so a double click, a second Enter
/// or a retry after a lost answer can only ever reach the same payment. A retry that finds it already handled shows what
/// that payment became rather than a refusal.
/// </summary>
public sealed class BillPayment : ICashSale
{
    /// <summary>Codes with which the service says this very inquiry was already paid, is being paid or failed.</summary>
    private static readonly HashSet<string> AlreadyHandledCodes = ["already_paid", "transaction_failed"];

    public SaleState State { get; private set; } = SaleState.Idle;

    /// <summary>The inquired bill, shown before and during the confirmation.</summary>
    public BillTransaction? Bill { get; private set; }

    public long? CashReceived { get; private set; }
    public BillTransaction? Result { get; private set; }
    public string? Error { get; private set; }

    public string? ErrorCode { get; private set; }

    public long Total => Bill?.Price ?? 0;
    public long? Change => Cash.Change(CashReceived, Total);
    public string? CashError => Cash.Error(CashReceived, Total);
    public bool CanPay => State == SaleState.Confirming && Bill is not null && CashError is null;
    bool ICashSale.CanProceed => CanPay;

    /// <summary>A new inquiry replaces the bill shown; not while a payment is in flight.</summary>
    public bool Show(BillTransaction bill)
    {
        if (State == SaleState.Selling) return false;
        Bill = bill;
        Result = null;
        Error = null;
        CashReceived = null;
        State = SaleState.Idle;
        return true;
    }

    /// <summary>Opens the confirmation of the bill shown; the cash starts at the exact total.</summary>
    public bool Confirm()
    {
        if (Bill is null || State != SaleState.Idle) return false;
        CashReceived = Bill.Price;
        Error = null;
        State = SaleState.Confirming;
        return true;
    }

    public void SetCash(long? cash)
    {
        if (State == SaleState.Confirming) CashReceived = cash;
    }

    /// <summary>Esc or "Batal": back to the bill unless the payment is already on its way.</summary>
    public bool Cancel()
    {
        if (State != SaleState.Confirming) return false;
        State = SaleState.Idle;
        Error = null;
        return true;
    }

    /// <summary>
    /// Pays once: a call while a payment is in flight or without an open, complete confirmation does nothing (false). A lost
    /// answer keeps the confirmation open for a retry of the same invoice; a retry the service refuses as already handled
    /// looks that payment up and shows it.
    /// </summary>
    public async Task<bool> PayAsync(Func<string, Task<ServiceResult<BillTransaction>>> pay, Func<string, Task<ServiceResult<BillTransaction>>> lookUp)
    {
        if (!CanPay) return false;
        State = SaleState.Selling;
        Error = null;
        var invoice = Bill!.Invoice;
        var result = await pay(invoice);
        if (result.Problem is { } problem && AlreadyHandledCodes.Contains(problem.Code))
        {
            var found = await lookUp(invoice);
            if (found.Value is { Status: not TransactionStatuses.Inquiry } payment)
            {
                Settle(payment);
                return true;
            }
        }

        if (result.Problem is { } refusal)
        {
            Error = refusal.Detail;
            ErrorCode = refusal.Code;
            State = refusal.OutcomeUnknown ? SaleState.Confirming : SaleState.Refused;
            return true;
        }

        Settle(result.Value!);
        return true;
    }

    /// <summary>Applies the payment as the service reports it (the answer, or a later look at a pending one).</summary>
    public void Settle(BillTransaction payment)
    {
        if (Bill is null || payment.Invoice != Bill.Invoice) return;
        Result = payment;
        ErrorCode = null;
        State = SaleStates.Of(payment.Status);
        // A payment that failed after the customer paid: the hand-back comes first, where the cashier looks.
        Error = State == SaleState.Refused
            ? (payment.Cash is { HandBack: > 0 } cash ? cash.Message + " " : "") + (payment.Message ?? "Pembayaran gagal; tidak ada saldo yang terpakai.")
            : null;
    }

    /// <summary>Back to the start for the next customer.</summary>
    public void Reset()
    {
        if (State == SaleState.Selling) return;
        State = SaleState.Idle;
        Bill = null;
        CashReceived = null;
        Result = null;
        Error = null;
    }
}
