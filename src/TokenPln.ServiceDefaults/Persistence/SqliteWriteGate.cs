using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TokenPln.ServiceDefaults.Persistence;

/// <summary>
/// Gives this process's write transactions on one SQLite file their turn one at a time, waiting asynchronously. SQLite has a
/// single writer; Microsoft.Data.Sqlite begins a transaction with <c>BEGIN IMMEDIATE</c>, synchronously, and a writer that
/// finds the lock taken waits in SQLite's busy handler, which sleeps and polls on a thread-pool thread. Under a sale load the
/// profile showed most of transaction-service's busy thread time there: threads blocked and sleeping past the moment the lock
/// was free. Here the next writer is woken the moment the previous one commits, without blocking a thread; the busy timeout
/// (<see cref="SqliteBusyTimeout"/>) still covers other processes (a migration, an operator's shell) and single statements
/// outside a transaction.
/// </summary>
/// <remarks>
/// The turn is taken when a transaction begins and given back when it commits, rolls back or fails, or at the latest when its
/// connection closes (a transaction disposed without either). A turn not granted within <see cref="Patience"/> fails the write
/// rather than hanging it: a write that waits on another write of the same process would otherwise never end.
/// </remarks>
public sealed class SqliteWriteGate : IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConditionalWeakTable<DbConnection, object> _holders = [];

    public InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (!_turn.Wait(Patience)) throw NotGranted();
        _holders.AddOrUpdate(connection, this);
        return result;
    }

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (!await _turn.WaitAsync(Patience, cancellationToken)) throw NotGranted();
        _holders.AddOrUpdate(connection, this);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => GiveBack(ConnectionOf(eventData));

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBack(ConnectionOf(eventData));
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => GiveBack(ConnectionOf(eventData));

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBack(ConnectionOf(eventData));
        return Task.CompletedTask;
    }

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => GiveBack(ConnectionOf(eventData));

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        GiveBack(ConnectionOf(eventData));
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => GiveBack(connection);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        GiveBack(connection);
        return Task.CompletedTask;
    }

    private void GiveBack(DbConnection? connection)
    {
        if (connection is not null && _holders.Remove(connection))
        {
            _turn.Release();
        }
    }

    /// <summary>The context's connection, which began the transaction (a completed ADO.NET transaction may no longer name it).</summary>
    private static DbConnection? ConnectionOf(DbContextEventData eventData) => eventData.Context?.Database.GetDbConnection();

    private static TimeoutException NotGranted() =>
        new($"No turn to write to the SQLite database within {Patience.TotalSeconds:0} s: another write of this process holds it.");
}
