using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// Cash drawers (one open per cashier) and, on each sale, the cash received and the drawer it went into. Sales made before
/// drawers existed keep both empty and belong to no drawer.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130150000_CashDrawers")]
public sealed class CashDrawers : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "cash_drawers",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                CashierId = table.Column<int>(nullable: false),
                CashierName = table.Column<string>(maxLength: 100, nullable: false),
                OfficeHoursId = table.Column<int>(nullable: true),
                LocalDate = table.Column<DateOnly>(nullable: false),
                OpenedAt = table.Column<DateTime>(nullable: false),
                OpeningCash = table.Column<long>(nullable: false),
                ShiftEndsAt = table.Column<DateTime>(nullable: true),
                ClosedAt = table.Column<DateTime>(nullable: true),
                ClosedById = table.Column<int>(nullable: true),
                ClosedByName = table.Column<string>(maxLength: 100, nullable: true),
                CloseReason = table.Column<string>(maxLength: 500, nullable: true),
                ExpectedCash = table.Column<long>(nullable: true),
                CountedCash = table.Column<long>(nullable: true),
                Difference = table.Column<long>(nullable: true),
                PendingAtClose = table.Column<int>(nullable: false),
                PendingTotalAtClose = table.Column<long>(nullable: false),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_cash_drawers", x => x.Id));
        migrationBuilder.CreateIndex(name: "UX_cash_drawers_open", table: "cash_drawers", column: "CashierId", unique: true,
            filter: "\"ClosedAt\" IS NULL");
        migrationBuilder.CreateIndex(name: "IX_cash_drawers_LocalDate_CashierId", table: "cash_drawers", columns: ["LocalDate", "CashierId"]);

        migrationBuilder.AddColumn<long>(name: "CashReceived", table: "transactions", nullable: true);
        migrationBuilder.AddColumn<long>(name: "DrawerId", table: "transactions", nullable: true);
        migrationBuilder.CreateIndex(name: "IX_transactions_DrawerId", table: "transactions", column: "DrawerId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_transactions_DrawerId", table: "transactions");
        migrationBuilder.DropColumn(name: "DrawerId", table: "transactions");
        migrationBuilder.DropColumn(name: "CashReceived", table: "transactions");
        migrationBuilder.DropTable(name: "cash_drawers");
    }
}
