using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>Indexes for the history's remaining filters: a cashier over dates, type with status, and shift hours.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261121040000_ListIndexes")]
public sealed class ListIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex(name: "IX_transactions_CashierId_LocalDate", table: "transactions", columns: ["CashierId", "LocalDate"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_Type_Status_CreatedAt", table: "transactions", columns: ["Type", "Status", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_LocalMinuteOfDay", table: "transactions", column: "LocalMinuteOfDay");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_transactions_LocalMinuteOfDay", table: "transactions");
        migrationBuilder.DropIndex(name: "IX_transactions_Type_Status_CreatedAt", table: "transactions");
        migrationBuilder.DropIndex(name: "IX_transactions_CashierId_LocalDate", table: "transactions");
    }
}
