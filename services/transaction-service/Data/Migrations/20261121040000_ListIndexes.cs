using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// Indexes for the history's remaining filters: a cashier over dates, and type with status. Shift hours get none on
/// purpose: SQLite would pick it and sort every match, where walking CreatedAt newest-first finds a page at once.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261121040000_ListIndexes")]
public sealed class ListIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_transactions_CashierId_LocalDate", table: "transactions", columns: ["CashierId", "LocalDate"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_Type_Status_CreatedAt", table: "transactions", columns: ["Type", "Status", "CreatedAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_transactions_Type_Status_CreatedAt", table: "transactions");
        migrationBuilder.DropIndex(name: "IX_transactions_CashierId_LocalDate", table: "transactions");
    }
}
