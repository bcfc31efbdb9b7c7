namespace TokenPln.Web.Sales;

/// <summary>
/// What a confirmation at the counter shows and allows, whatever is being sold: the total, the cash received, the change
/// and whether the sale may go ahead. <see cref="TokenSale"/> and <see cref="Bills.BillPayment"/> are the two kinds.
/// </summary>
public interface ICashSale
{
    SaleState State { get; }
    long Total { get; }
    long? CashReceived { get; }
    long? Change { get; }
    string? CashError { get; }

    /// <summary>Why the last attempt did not go through (or may not have): the service's Indonesian detail.</summary>
    string? Error { get; }

    /// <summary>The refusal's stable code (e.g. <c>drawer_not_open</c>), so the page can offer the way out; read it while Refused.</summary>
    string? ErrorCode { get; }

    /// <summary>The confirmation is open, complete and nothing is in flight.</summary>
    bool CanProceed { get; }

    void SetCash(long? cash);
}

/// <summary>The counter's arithmetic of cash against a total, one rule for every kind of sale.</summary>
public static class Cash
{
    /// <summary>The change to give back; null while the cash is missing or short.</summary>
    public static long? Change(long? cashReceived, long total) => cashReceived is { } cash && cash >= total ? cash - total : null;

    /// <summary>The cashier's message about the cash, or null when the sale may go ahead.</summary>
    public static string? Error(long? cashReceived, long total) => cashReceived switch
    {
        null => "Isi uang yang diterima.",
        var cash when cash < total => $"Uang yang diterima kurang {Formatting.Rupiah.Format(total - cash.Value)} dari total.",
        _ => null,
    };
}
