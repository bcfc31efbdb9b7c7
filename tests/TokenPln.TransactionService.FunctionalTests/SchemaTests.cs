using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TokenPln.TransactionService.Data;
using TokenPln.TransactionService.Reporting;
using TokenPln.TransactionService.Transactions;

namespace TokenPln.TransactionService.FunctionalTests;

public sealed class SchemaTests : IDisposable
{
    private readonly ServiceFactory<Program> _factory = new();

    [Fact]
    public async Task The_migrations_build_exactly_the_model_schema() =>
        await MigrationsMatchModel.AssertAsync<TransactionDbContext>(options => new TransactionDbContext(options));

    [Fact]
    public async Task The_disputed_total_under_a_type_and_status_filter_reads_only_the_disputed_sales_on_SQLite()
    {
        // SQLite's planner saw the old (Disputed, CreatedAt) index as half the table per value and scanned every prepaid success.
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new TransactionDbContext(new DbContextOptionsBuilder<TransactionDbContext>().UseSqlite(connection).Options);
        await db.Database.MigrateAsync();
        var at = new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 2_000; i++)
        {
            var invoice = $"INV-26112000{i:D8}";
            var sale = new Transaction
            {
                Invoice = invoice, RefId = invoice, Type = TransactionType.Prepaid, ProductCode = "hpln20000", CustomerId = "12345678901",
                CashierId = 1 + i % 10, CashierName = "Kasir", Price = 20_500, CreatedAt = at.AddMinutes(i), UpdatedAt = at.AddMinutes(i),
                LocalDate = new DateOnly(2026, 11, 20), Disputed = i % 1_000 == 0,
            };
            sale.StartAs(TransactionStatus.Success);
            db.Transactions.Add(sale);
        }

        await db.SaveChangesAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        var filtered = db.Transactions.Where(t => t.Type == TransactionType.Prepaid && t.Status == TransactionStatus.Success);
        var sql = TransactionFilter.OnlyDisputed(filtered, db).Select(t => t.Price).ToQueryString();

        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        }


        string.Join(" | ", plan).ShouldSatisfyAllConditions(
            p => p.ShouldContain(TransactionDbContext.DisputedSalesIndex, customMessage: sql),
            p => p.ShouldNotContain("IX_transactions_Type_Status_CreatedAt", customMessage: sql));
    }

    [Fact]
    public async Task Subscribes_to_office_hours_changed_for_the_shift_filter_copy()
    {
        using var client = _factory.CreateClient().AsSidecar();

        var document = await client.GetFromJsonAsync<JsonElement>("/dapr/subscribe");

        document.EnumerateArray().Select(e => e.GetProperty("topic").GetString()).ShouldContain("office-hours-changed");
    }

    public void Dispose() => _factory.Dispose();
}
