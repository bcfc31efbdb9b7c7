using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// Selling prices and margin. Every sale gets a <c>Cost</c> (what IAK deducts); sales made before this migration sold at IAK's
/// price, so their cost is set equal to their price: their margin is unknown and counted as 0, never invented. The product copy
/// gets the owner's selling price (IAK's price until the first sync) and a copy of the counter admin fees. The rollups get a
/// cost sum, backfilled as their amount (every existing sale has Cost = Price), and the triggers are recreated to keep it.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130140000_SellingPricesAndCost")]
public sealed class SellingPricesAndCost : Migration
{
    private const string Columns = """("LocalDate", "CashierId", "Type", "Status", "Amount", "Cost", "Count")""";
    private const string HourColumns = """("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Cost", "Count")""";
    private const string DailyConflict = """
        ON CONFLICT ("LocalDate", "CashierId", "Type", "Status") DO UPDATE SET
            "Amount" = sales_daily."Amount" + excluded."Amount", "Cost" = sales_daily."Cost" + excluded."Cost",
            "Count" = sales_daily."Count" + excluded."Count"
        """;
    private const string HourlyConflict = """
        ON CONFLICT ("LocalDate", "LocalHour", "CashierId", "Type", "Status") DO UPDATE SET
            "Amount" = sales_hourly."Amount" + excluded."Amount", "Cost" = sales_hourly."Cost" + excluded."Cost",
            "Count" = sales_hourly."Count" + excluded."Count"
        """;

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "Cost", table: "transactions", nullable: false, defaultValue: 0L);
        // The rollup triggers watch Status and Price only (until they are recreated below), so this touches no bucket.
        migrationBuilder.Sql("""UPDATE transactions SET "Cost" = "Price";""");

        migrationBuilder.AddColumn<long>(name: "SellingPrice", table: "product_replica", nullable: false, defaultValue: 0L);
        migrationBuilder.Sql("""UPDATE product_replica SET "SellingPrice" = "Price";""");
        migrationBuilder.CreateTable(
            name: "counter_fees_replica",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                PostpaidAdminFee = table.Column<long>(nullable: false),
                NontaglisAdminFee = table.Column<long>(nullable: false),
                ReplicatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_counter_fees_replica", x => x.Id));

        migrationBuilder.AddColumn<long>(name: "Cost", table: "sales_daily", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<long>(name: "Cost", table: "sales_hourly", nullable: false, defaultValue: 0L);
        migrationBuilder.Sql("""UPDATE sales_daily SET "Cost" = "Amount";""");
        migrationBuilder.Sql("""UPDATE sales_hourly SET "Cost" = "Amount";""");

        if (migrationBuilder.IsNpgsql())
        {
            migrationBuilder.Sql($"""
                DROP TRIGGER transactions_rollup_update ON transactions;
                DROP TRIGGER transactions_rollup_insert_delete ON transactions;
                DROP FUNCTION transactions_rollup();
                DROP FUNCTION sales_rollup_add(date, integer, integer, text, text, bigint, integer);

                CREATE FUNCTION sales_rollup_add(day date, hour integer, cashier integer, kind text, status text, amount bigint, cost bigint, sales integer)
                RETURNS void LANGUAGE sql AS $$
                    INSERT INTO sales_daily {Columns} VALUES (day, cashier, kind, status, amount, cost, sales)
                    {DailyConflict};
                    INSERT INTO sales_hourly {HourColumns} VALUES (day, hour, cashier, kind, status, amount, cost, sales)
                    {HourlyConflict};
                $$;

                CREATE FUNCTION transactions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') THEN
                        PERFORM sales_rollup_add(OLD."LocalDate", OLD."LocalMinuteOfDay" / 60, OLD."CashierId", OLD."Type", OLD."Status",
                            -OLD."Price", -OLD."Cost", -1);
                    END IF;
                    IF TG_OP IN ('INSERT', 'UPDATE') THEN
                        PERFORM sales_rollup_add(NEW."LocalDate", NEW."LocalMinuteOfDay" / 60, NEW."CashierId", NEW."Type", NEW."Status",
                            NEW."Price", NEW."Cost", 1);
                    END IF;
                    RETURN NULL;
                END $$;

                CREATE TRIGGER transactions_rollup_insert_delete AFTER INSERT OR DELETE ON transactions
                    FOR EACH ROW EXECUTE FUNCTION transactions_rollup();
                CREATE TRIGGER transactions_rollup_update AFTER UPDATE OF "Status", "Price", "Cost" ON transactions
                    FOR EACH ROW WHEN (OLD."Status" IS DISTINCT FROM NEW."Status" OR OLD."Price" IS DISTINCT FROM NEW."Price"
                        OR OLD."Cost" IS DISTINCT FROM NEW."Cost")
                    EXECUTE FUNCTION transactions_rollup();
                """);
            return;
        }

        foreach (var trigger in new[] { "transactions_rollup_insert", "transactions_rollup_delete", "transactions_rollup_update" })
        {
            migrationBuilder.Sql($"DROP TRIGGER {trigger};");
        }

        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_insert", "AFTER INSERT ON transactions", Add("NEW", "")));
        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_delete", "AFTER DELETE ON transactions", Add("OLD", "-")));
        migrationBuilder.Sql(SqliteTrigger("transactions_rollup_update",
            """
            AFTER UPDATE OF "Status", "Price", "Cost" ON transactions
            WHEN OLD."Status" IS NOT NEW."Status" OR OLD."Price" IS NOT NEW."Price" OR OLD."Cost" IS NOT NEW."Cost"
            """,
            Add("OLD", "-") + Add("NEW", "")));
    }

    protected override void Down(MigrationBuilder migrationBuilder) =>
        throw new NotSupportedException("Selling prices and cost are not removed: the sales' costs would be lost.");

    private static string SqliteTrigger(string name, string when, string body) => $"""
        CREATE TRIGGER {name} {when}
        BEGIN
        {body}END;
        """;

    /// <summary>Both buckets of the row <paramref name="row"/> (NEW or OLD), added (<paramref name="sign"/> empty) or taken away ("-").</summary>
    private static string Add(string row, string sign) => $"""
            INSERT INTO sales_daily {Columns}
            VALUES ({row}."LocalDate", {row}."CashierId", {row}."Type", {row}."Status", {sign}{row}."Price", {sign}{row}."Cost", {sign}1)
            {DailyConflict};
            INSERT INTO sales_hourly {HourColumns}
            VALUES ({row}."LocalDate", {row}."LocalMinuteOfDay" / 60, {row}."CashierId", {row}."Type", {row}."Status", {sign}{row}."Price", {sign}{row}."Cost", {sign}1)
            {HourlyConflict};

        """;
}
