using TokenPln.Contracts.Money;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.TransactionService.Drawers;

/// <summary>The drawer a sale's cash goes into, or why the sale is refused before it is stored.</summary>
public sealed record DrawerVerdict(long? DrawerId, ProblemHttpResult? Problem);

/// <summary>
/// Asked by every sale that moves money (a token, a bill payment; never a bill inquiry) before anything is stored or IAK is
/// called: the cashier must have an open drawer, and the cash received must cover what the customer pays.
/// </summary>
public sealed class DrawerCheck(IDrawerDbContext db)
{
    /// <summary>
    /// More than any one sale at a counter takes (Rp 100 juta); a larger number is a typing slip (extra zeros), not cash.
    /// </summary>
    public const long MaxCash = 100_000_000;

    public static readonly string CashRule = $"rupiah bulat, paling banyak {Rupiah.Format(MaxCash)}";

    public async Task<DrawerVerdict> ForSaleAsync(CurrentUser cashier, long cashReceived, long price, CancellationToken cancellationToken)
    {
        var drawerId = await db.CashDrawers.AsNoTracking().Where(d => d.CashierId == cashier.Id && d.ClosedAt == null)
            .Select(d => (long?)d.Id).FirstOrDefaultAsync(cancellationToken);
        if (drawerId is null)
        {
            return new(null, ApiProblems.Problem(StatusCodes.Status409Conflict, ErrorCodes.DrawerNotOpen,
                "Buka laci kas dulu (menu Laci kas) dengan modal awal sebelum menjual."));
        }

        if (cashReceived < price)
        {
            return new(null, ApiProblems.Problem(StatusCodes.Status422UnprocessableEntity, ErrorCodes.CashShort,
                $"Uang diterima {Rupiah.Format(cashReceived)} kurang dari yang harus dibayar {Rupiah.Format(price)}."));
        }

        return new(drawerId, null);
    }
}
