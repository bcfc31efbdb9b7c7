using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// The rollups follow the sales in the database: a sale inserted adds its amount to its day and hour buckets, a change of
/// status or price moves it from the old bucket to the new one, a deleted sale takes it away. Until now the application
/// issued these upserts itself after every save (four to eight statements per sale); the buckets it kept are already
/// right, so nothing is recomputed here.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130120000_SalesRollupTriggers")]
public sealed class SalesRollupTriggers : Migration
{
    private const string Columns = """("LocalDate", "CashierId", "Type", "Status", "Amount", "Count")""";
    private const string HourColumns = """("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Count")""";
    private const string DailyConflict = """
        ON CONFLICT ("LocalDate", "CashierId", "Type", "Status") DO UPDATE SET
            "Amount" = sales_daily."Amount" + excluded."Amount", "Count" = sales_daily."Count" + excluded."Count"
        """;
    private const string HourlyConflict = """
        ON CONFLICT ("LocalDate", "LocalHour", "CashierId", "Type", "Status") DO UPDATE SET
            "Amount" = sales_hourly."Amount" + excluded."Amount", "Count" = sales_hourly."Count" + excluded."Count"
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION sales_rollup_add(day date, hour integer, cashier integer, kind text, status text, amount bigint, sales integer)
                RETURNS void LANGUAGE sql AS $$
                    INSERT INTO sales_daily {Columns} VALUES (day, cashier, kind, status, amount, sales)
                    {DailyConflict};
                    INSERT INTO sales_hourly {HourColumns} VALUES (day, hour, cashier, kind, status, amount, sales)
                    {HourlyConflict};
                $$;

                CREATE FUNCTION transactions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM sales_rollup_add(OLD."LocalDate", OLD."LocalMinuteOfDay" / 60, OLD."CashierId", OLD."Type", OLD."Status", -OLD."Price", -1);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM sales_rollup_add(NEW."LocalDate", NEW."LocalMinuteOfDay" / 60, NEW."CashierId", NEW."Type", NEW."Status", NEW."Price", 1);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER transactions_rollup_insert_delete AFTER INSERT OR DELETE ON transactions
                    FOR EACH ROW EXECUTE FUNCTION transactions_rollup();
                CREATE TRIGGER transactions_rollup_update AFTER UPDATE OF "Status", "Price" ON transactions
                    FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."Price" IS DISTINCT FROM NEW."Price")
                    EXECUTE FUNCTION transactions_rollup();
                """);
            return;
        }

        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_insert", "AFTER INSERT ON transactions", Add("NEW", "")));
        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_delete", "AFTER DELETE ON transactions", Add("OLD", "-")));
        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_update",
            """AFTER UPDATE OF "Status", "Price" ON transactions WHEN OLD."Status" IS NOT NEW."Status" OR OLD."Price" IS NOT NEW."Price" """,
            Add("OLD", "-") + Add("NEW", "")));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql("""
                DROP TRIGGER transactions_rollup_update ON transactions;
                DROP TRIGGER transactions_rollup_insert_delete ON transactions;
                DROP FUNCTION transactions_rollup();
                DROP FUNCTION sales_rollup_add(date, integer, integer, text, text, bigint, integer);
                """);
            return;
        }

        foreach (var trigger in new[] { "transactions_rollup_insert", "transactions_rollup_delete", "transactions_rollup_update" })
        {
            migrationBuilder.Sql($"DROP TRIGGER {trigger};");
        }
    }

    private static string SqliteTrigger(string name, string when, string body) => $"""
        CREATE TRIGGER {name} {when}
        BEGIN
        {body}END;
        """;

    /// <summary>Both buckets of the row <paramref name="row"/> (NEW or OLD), added (<paramref name="sign"/> empty) or taken away ("-").</summary>
    private static string Add(string row, string sign) => $"""
            INSERT INTO sales_daily {Columns}
            VALUES ({row}."LocalDate", {row}."CashierId", {row}."Type", {row}."Status", {sign}{row}."Price", {sign}1)
            {DailyConflict};
            INSERT INTO sales_hourly {HourColumns}
            VALUES ({row}."LocalDate", {row}."LocalMinuteOfDay" / 60, {row}."CashierId", {row}."Type", {row}."Status", {sign}{row}."Price", {sign}1)
            {HourlyConflict};

        """;
}
