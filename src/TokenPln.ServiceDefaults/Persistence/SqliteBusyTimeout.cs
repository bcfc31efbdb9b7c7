using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TokenPln.ServiceDefaults.Persistence;

/// <summary>
/// Lets SQLite itself wait for a lock held by another connection (the outbox dispatcher marking a batch, a sale's second
/// transaction). Without a native busy timeout Microsoft.Data.Sqlite answers a locked database by sleeping 150 ms and
/// retrying, so every collision cost a sale 150 ms (bench: 2 % of one cashier's sales); SQLite's own handler retries
/// within a millisecond or two of the lock's release.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const int Milliseconds = 5000;
    private const string Pragma = "PRAGMA busy_timeout = 5000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
