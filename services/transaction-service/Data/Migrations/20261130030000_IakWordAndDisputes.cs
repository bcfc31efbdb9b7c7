using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// What IAK said, kept beside the sale's own status: its raw text for the owner, whether it acknowledged the ref_id,
/// its final word after a manual decision, and the dispute that a contradiction raises for the owner.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130030000_IakWordAndDisputes")]
public sealed class IakWordAndDisputes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "IakMessage", table: "transactions", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<bool>(name: "IakAcknowledged", table: "transactions", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<bool>(name: "AwaitingIak", table: "transactions", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<bool>(name: "Disputed", table: "transactions", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>(name: "DisputeReason", table: "transactions", maxLength: 40, nullable: true);
        migrationBuilder.AddColumn<string>(name: "IakStatus", table: "transactions", maxLength: 10, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "IakReportedAt", table: "transactions", nullable: true);
        migrationBuilder.AddColumn<string>(name: "IakSerialNumber", table: "transactions", maxLength: 200, nullable: true);
        // Sales that already have a tr_id were acknowledged by IAK; the rest are judged from their next answer.
        migrationBuilder.Sql("""UPDATE transactions SET "IakAcknowledged" = TRUE WHERE "TrId" IS NOT NULL AND "Type" = 'Prepaid'""");
        migrationBuilder.CreateIndex(name: "IX_transactions_Disputed_CreatedAt", table: "transactions", columns: ["Disputed", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_AwaitingIak_NextCheckAt", table: "transactions", columns: ["AwaitingIak", "NextCheckAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_transactions_AwaitingIak_NextCheckAt", table: "transactions");
        migrationBuilder.DropIndex(name: "IX_transactions_Disputed_CreatedAt", table: "transactions");
        foreach (var column in new[] { "IakMessage", "IakAcknowledged", "AwaitingIak", "Disputed", "DisputeReason", "IakStatus", "IakReportedAt", "IakSerialNumber" })
        {
            migrationBuilder.DropColumn(name: column, table: "transactions");
        }
    }
}
