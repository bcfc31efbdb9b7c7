using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// Disputed sales are few; the index of them holds only them. The two-column index (Disputed, CreatedAt) it replaces looked
/// to SQLite's planner like half the table per value, so the dashboard's disputed total under a type and status filter
/// scanned every prepaid success instead (100,000 sales: p95 360 ms against 4 ms for the other filters).
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130130000_DisputedSalesIndex")]
public sealed class DisputedSalesIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_transactions_Disputed_CreatedAt", table: "transactions");
        migrationBuilder.CreateIndex(name: TransactionDbContext.DisputedSalesIndex, table: "transactions", column: "CreatedAt",
            filter: TransactionDbContext.DisputedSalesFilter);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: TransactionDbContext.DisputedSalesIndex, table: "transactions");
        migrationBuilder.CreateIndex(name: "IX_transactions_Disputed_CreatedAt", table: "transactions", columns: ["Disputed", "CreatedAt"]);
    }
}
