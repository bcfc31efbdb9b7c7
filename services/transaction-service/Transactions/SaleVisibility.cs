using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using TokenPln.Contracts;
using TokenPln.ServiceDefaults.Auth;
using TokenPln.ServiceDefaults.Http;

namespace TokenPln.TransactionService.Transactions;

/// <summary>Who sees which sale: the owner any, a cashier their own; another cashier's sale looks like a missing one.</summary>
public static class SaleVisibility
{
    /// <summary>The sale if <paramref name="user"/> may see it, read without tracking; null when it is missing, not theirs, or the invoice is malformed.</summary>
    public static async Task<Transaction?> VisibleToAsync(this IQueryable<Transaction> sales, string invoice, CurrentUser user,
        CancellationToken cancellationToken)
    {
        if (!Invoices.IsWellFormed(invoice)) return null;
        var found = await sales.AsNoTracking().FirstOrDefaultAsync(t => t.Invoice == invoice, cancellationToken);
        return found is not null && (user.IsOwner || found.CashierId == user.Id) ? found : null;
    }

    /// <summary>The answer when <see cref="VisibleToAsync"/> found nothing: 404, or 400 for a malformed invoice.</summary>
    public static Results<Ok<TransactionResponse>, ValidationProblem, ProblemHttpResult> NotFoundOrInvalid(string invoice) =>
        Invoices.IsWellFormed(invoice)
            ? ApiProblems.Problem(StatusCodes.Status404NotFound, ErrorCodes.NotFound, $"Transaksi {invoice} tidak ditemukan.")
            : new RequestValidator().Check(false, "invoice", "Nomor invoice tidak valid (INV- diikuti 16 angka).").ToProblem();
}
