using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// A bill can be inquired many times, so the invoice alone cannot stop it being paid twice; this partial unique index
/// lets the database refuse a second pending or successful payment of the same bill, even when two arrive together.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130040000_OneBillPayment")]
public sealed class OneBillPayment : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex(
            name: "UX_transactions_bill_payment",
            table: "transactions",
            columns: ["ProductCode", "CustomerId", "Period"],
            unique: true,
            // A copy, not the model's constant: a released migration never changes.
            filter: "\"Status\" IN ('Pending', 'Success') AND \"Type\" <> 'Prepaid'");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex(name: "UX_transactions_bill_payment", table: "transactions");
}
