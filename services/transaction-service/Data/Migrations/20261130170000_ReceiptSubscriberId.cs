using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>A token sale's IDPEL for its receipt, looked up after the sale; existing sales have none (their receipt leaves it out).</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130170000_ReceiptSubscriberId")]
public sealed class ReceiptSubscriberId : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "SubscriberId", table: "transactions", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "SubscriberId", table: "transactions");
}
