using TokenPln.Contracts.Money;
using System.Globalization;

namespace TokenPln.TransactionService.Transactions;

/// <summary>
/// The cash side of a sale's answer: what the customer handed over, the change (kembalian), and what to hand back when the
/// sale failed. A sale that fails while the customer waits gives back all the cash received (no change was given yet); the
/// drawer counts the failed sale's price as a refund either way.
/// </summary>
public sealed record SaleCash(long Received, long Change, long HandBack, string Message)
{
    public static SaleCash? From(Transaction sale)
    {
        if (sale.CashReceived is not { } received) return null;
        return sale.Status switch
        {
            TransactionStatus.Failed => new(received, 0, received, $"Transaksi gagal. Kembalikan uang pelanggan {Rupiah.Format(received)}."),
            TransactionStatus.Pending => new(received, received - sale.Price, 0,
                $"Kembalian {Rupiah.Format(received - sale.Price)}. Jika transaksi akhirnya gagal, kembalikan {Rupiah.Format(sale.Price)} kepada pelanggan."),
            _ => new(received, received - sale.Price, 0, $"Kembalian {Rupiah.Format(received - sale.Price)}."),
        };
    }

}
