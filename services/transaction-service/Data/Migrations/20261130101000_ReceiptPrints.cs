using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>How many times each sale's receipt was printed, so that a reprint says "CETAK ULANG". Existing sales start at none.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130101000_ReceiptPrints")]
public sealed class ReceiptPrints : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>(name: "ReceiptPrints", table: "transactions", nullable: false, defaultValue: 0);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "ReceiptPrints", table: "transactions");
}
