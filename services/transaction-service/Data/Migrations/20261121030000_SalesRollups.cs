using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>The dashboard's rollups, filled from the sales already recorded.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261121030000_SalesRollups")]
public sealed class SalesRollups : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "sales_daily",
            columns: table => new
            {
                LocalDate = table.Column<DateOnly>(nullable: false),
                CashierId = table.Column<int>(nullable: false),
                Type = table.Column<string>(maxLength: 12, nullable: false),
                Status = table.Column<string>(maxLength: 10, nullable: false),
                Amount = table.Column<long>(nullable: false),
                Count = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sales_daily", x => new { x.LocalDate, x.CashierId, x.Type, x.Status }));
        migrationBuilder.CreateTable(
            name: "sales_hourly",
            columns: table => new
            {
                LocalDate = table.Column<DateOnly>(nullable: false),
                LocalHour = table.Column<int>(nullable: false),
                CashierId = table.Column<int>(nullable: false),
                Type = table.Column<string>(maxLength: 12, nullable: false),
                Status = table.Column<string>(maxLength: 10, nullable: false),
                Amount = table.Column<long>(nullable: false),
                Count = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_sales_hourly", x => new { x.LocalDate, x.LocalHour, x.CashierId, x.Type, x.Status }));
        migrationBuilder.Sql("""
            INSERT INTO sales_daily ("LocalDate", "CashierId", "Type", "Status", "Amount", "Count")
            SELECT "LocalDate", "CashierId", "Type", "Status", SUM("Price"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "CashierId", "Type", "Status"
            """);
        migrationBuilder.Sql("""
            INSERT INTO sales_hourly ("LocalDate", "LocalHour", "CashierId", "Type", "Status", "Amount", "Count")
            SELECT "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status", SUM("Price"), COUNT(*) FROM transactions
            GROUP BY "LocalDate", "LocalMinuteOfDay" / 60, "CashierId", "Type", "Status"
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "sales_hourly");
        migrationBuilder.DropTable(name: "sales_daily");
    }
}
