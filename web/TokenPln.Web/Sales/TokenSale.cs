using TokenPln.Web.Api;

namespace TokenPln.Web.Sales;

public enum SaleState
{
    /// <summary>Choosing the product and the meter.</summary>
    Idle,

    /// <summary>The confirmation is open: total, cash received, change.</summary>
    Confirming,

    /// <summary>Sent; the sell button is disabled until the answer comes.</summary>
    Selling,

    /// <summary>Sold: the token is shown.</summary>
    Done,

    /// <summary>IAK is still processing: "sedang diproses".</summary>
    Pending,

    /// <summary>A service refused the sale (or IAK failed it); nothing was sold.</summary>
    Refused,
}

public static class SaleStates
{
    /// <summary>Where a settled answer leaves the counter: one reading of transaction-service's status for every kind of sale.</summary>
    public static SaleState Of(string status) => status switch
    {
        TransactionStatuses.Success => SaleState.Done,
        TransactionStatuses.Pending => SaleState.Pending,
        _ => SaleState.Refused,
    };
}

/// <summary>
/// One token sale at the counter, from confirmation to result, without any UI: what the page shows and allows follows
/// from it. One confirmation is one sale: its Idempotency-Key is made when the confirmation opens and sent with every
/// attempt of that confirmation, so a double click, a retry after a lost answer or a second Enter never sells twice.
/// </summary>
public sealed class TokenSale : ICashSale
{
    public SaleState State { get; private set; } = SaleState.Idle;
    public PrepaidProduct? Product { get; private set; }
    public PlnCustomer? Customer { get; private set; }

    /// <summary>The key of the open confirmation; null before one opens, a new one for the next confirmation.</summary>
    public string? IdempotencyKey { get; private set; }

    public long? CashReceived { get; private set; }
    public TransactionInfo? Result { get; private set; }

    /// <summary>Why the last attempt did not sell (or may not have): the service's Indonesian detail.</summary>
    public string? Error { get; private set; }

    public string? ErrorCode { get; private set; }

    public long Total => Product?.Charge ?? 0;

    /// <summary>The change to give back; null while the cash is missing or short.</summary>
    public long? Change => Cash.Change(CashReceived, Total);

    /// <summary>The cashier's message about the cash, or null when the sale may go ahead.</summary>
    public string? CashError => Cash.Error(CashReceived, Total);

    public bool CanSell => State == SaleState.Confirming && Product is not null && Customer is not null && CashError is null;

    bool ICashSale.CanProceed => CanSell;

    /// <summary>Opens the confirmation for this product and meter, with a fresh key; the cash starts at the exact total.</summary>
    public void Confirm(PrepaidProduct product, PlnCustomer customer, Func<string>? newKey = null)
    {
        if (State == SaleState.Selling) throw new InvalidOperationException("A sale is in flight; it cannot be replaced.");
        Product = product;
        Customer = customer;
        IdempotencyKey = (newKey ?? NewKey)();
        CashReceived = product.Charge;
        Result = null;
        Error = null;
        State = SaleState.Confirming;
    }

    public void SetCash(long? cash)
    {
        if (State == SaleState.Confirming) CashReceived = cash;
    }

    /// <summary>Esc or "Batal": closes the confirmation unless the sale is already on its way.</summary>
    public bool Cancel()
    {
        if (State == SaleState.Selling) return false;
        State = SaleState.Idle;
        IdempotencyKey = null;
        Error = null;
        return true;
    }

    /// <summary>
    /// Sells once. A second call while the first is in flight does nothing (returns false). When the answer is lost (the
    /// service unreachable, a timeout) the confirmation stays open with the same key, so the retry answers that same sale.
    /// </summary>
    public async Task<bool> SellAsync(Func<PrepaidSaleRequest, string, Task<ServiceResult<TransactionInfo>>> sell)
    {
        if (!CanSell) return false;
        State = SaleState.Selling;
        Error = null;
        var result = await sell(new PrepaidSaleRequest(Customer!.CustomerId, Product!.Code, CashReceived), IdempotencyKey!);
        if (result.Problem is { } problem)
        {
            Error = problem.Detail;
            ErrorCode = problem.Code;
            State = problem.OutcomeUnknown ? SaleState.Confirming : SaleState.Refused;
            return true;
        }

        Settle(result.Value!);
        return true;
    }

    /// <summary>Applies the sale as the service reports it (the answer to the sale, or a later look at a pending one).</summary>
    public void Settle(TransactionInfo sale)
    {
        if (Result is not null && Result.Invoice != sale.Invoice) return;
        Result = sale;
        ErrorCode = null;
        State = SaleStates.Of(sale.Status);
        // A sale that failed after the customer paid: the hand-back comes first, where the cashier looks.
        Error = State == SaleState.Refused
            ? (sale.Cash is { HandBack: > 0 } cash ? cash.Message + " " : "") + (sale.Message ?? "Penjualan gagal; tidak ada uang yang ditarik dari saldo.")
            : null;
    }

    /// <summary>Back to the start for the next customer.</summary>
    public void Reset()
    {
        if (State == SaleState.Selling) return;
        State = SaleState.Idle;
        Customer = null;
        IdempotencyKey = null;
        CashReceived = null;
        Result = null;
        Error = null;
    }

    private static string NewKey() => Guid.NewGuid().ToString("N");
}
