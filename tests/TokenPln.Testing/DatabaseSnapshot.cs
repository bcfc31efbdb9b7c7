using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace TokenPln.Testing;

/// <summary>Every row of every table of a service's database, as text: equal snapshots mean nothing was written.</summary>
public static class DatabaseSnapshot
{
    /// <summary>
    /// Limits' own counters (purchases per minute, failed logins): every attempt counts, a refused one too, as the
    /// in-memory limits counted them; they are in the database only so that replicas share them, not data a request changed.
    /// </summary>
    private static readonly HashSet<string> LimitCounters = new(StringComparer.Ordinal) { "purchase_windows", "login_failures" };

    public static async Task<string> TakeAsync<TContext>(IServiceProvider services) where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var tables = db.Model.GetEntityTypes().Select(e => e.GetTableName()).OfType<string>().Distinct()
            .Where(t => !LimitCounters.Contains(t)).Order(StringComparer.Ordinal);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        try
        {
            var snapshot = new StringBuilder();
            foreach (var table in tables)
            {
                await using var command = connection.CreateCommand();
                // The outbox dispatcher stamps publication in the background; what was written is what matters.
                command.CommandText = table == "outbox_messages"
                    ? "SELECT \"Id\", \"Topic\", \"Payload\", \"OccurredAt\" FROM outbox_messages"
                    : $"SELECT * FROM \"{table}\"";
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<string>();
                while (await reader.ReadAsync())
                {
                    rows.Add(Row(reader));
                }

                rows.Sort(StringComparer.Ordinal);
                snapshot.Append(table).Append(": ").AppendJoin(" | ", rows).AppendLine();
            }

            return snapshot.ToString();
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Row(DbDataReader reader) =>
        string.Join(",", Enumerable.Range(0, reader.FieldCount)
            .Select(i => reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)));
}
