using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.Drawers;

/// <summary>What the drawers read and write, so this folder needs no import of Data (which configures the drawers' model).</summary>
public interface IDrawerDbContext
{
    DbSet<CashDrawer> CashDrawers { get; }
    DbSet<Transaction> Transactions { get; }
    ChangeTracker ChangeTracker { get; }
    Task<int> SaveChangesAsync(CancellationToken cancellationToken = default);
}
