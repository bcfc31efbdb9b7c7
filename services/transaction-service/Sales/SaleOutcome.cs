using Microsoft.AspNetCore.Http.HttpResults;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Sales;

/// <summary>A flow's answer: the transaction, or a problem for the cashier.</summary>
public sealed record SaleOutcome(Transaction? Transaction, ProblemHttpResult? Problem, bool Replayed = false)
{
    public static SaleOutcome Of(Transaction transaction, bool replayed = false) => new(transaction, null, replayed);
    public static SaleOutcome Refused(ProblemHttpResult problem) => new(null, problem);
}
