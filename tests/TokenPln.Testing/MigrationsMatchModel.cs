using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Shouldly;

namespace TokenPln.Testing;

/// <summary>
/// The hand-written migrations have no EF model snapshot beside them, so this compares what they build with
/// what the model would build: same tables, columns, types, nullability, keys and indexes.
/// </summary>
public static class MigrationsMatchModel
{
    public static async Task AssertAsync<TContext>(Func<DbContextOptions<TContext>, TContext> create) where TContext : DbContext
    {
        var migrated = await DescribeAsync(create, migrate: true);
        var modelled = await DescribeAsync(create, migrate: false);

        migrated.ShouldBe(modelled);
    }

    private static async Task<List<string>> DescribeAsync<TContext>(Func<DbContextOptions<TContext>, TContext> create, bool migrate)
        where TContext : DbContext
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<TContext>().UseSqlite(connection)
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning))
            .Options;
        await using (var db = create(options))
        {
            if (migrate) await db.Database.MigrateAsync();
            else await db.Database.EnsureCreatedAsync();
        }

        var schema = new List<string>();
        var tables = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            // EF's own bookkeeping tables (__EFMigrationsHistory, __EFMigrationsLock) are not part of the model.
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '__EF' ORDER BY name";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }

        foreach (var table in tables)
        {
            await Append(connection, $"PRAGMA table_info('{table}')", r => $"{table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt32(3)} pk={r.GetInt32(5)}", schema);
            await Append(connection, $"PRAGMA index_list('{table}')", r => $"{table} index {r.GetString(1)} unique={r.GetInt32(2)}", schema);
        }

        schema.Sort(StringComparer.Ordinal);
        return schema;
    }

    private static async Task Append(SqliteConnection connection, string sql, Func<SqliteDataReader, string> describe, List<string> into)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) into.Add(describe(reader));
    }
}
