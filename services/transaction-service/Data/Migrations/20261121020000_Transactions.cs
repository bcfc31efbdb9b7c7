using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.TransactionService.Data.Migrations;

[DbContext(typeof(TransactionDbContext))]
[Migration("20261121020000_Transactions")]
public sealed class Transactions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "transactions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                Invoice = table.Column<string>(maxLength: 20, nullable: false),
                RefId = table.Column<string>(maxLength: 20, nullable: false),
                Type = table.Column<string>(maxLength: 12, nullable: false),
                ProductCode = table.Column<string>(maxLength: 30, nullable: false),
                CustomerId = table.Column<string>(maxLength: 20, nullable: false),
                CustomerName = table.Column<string>(maxLength: 100, nullable: true),
                Status = table.Column<string>(maxLength: 10, nullable: false),
                Rc = table.Column<string>(maxLength: 10, nullable: true),
                Message = table.Column<string>(maxLength: 200, nullable: true),
                Price = table.Column<long>(nullable: false),
                Nominal = table.Column<long>(nullable: false),
                Admin = table.Column<long>(nullable: false),
                SellingPrice = table.Column<long>(nullable: true),
                TrId = table.Column<long>(nullable: true),
                Period = table.Column<string>(maxLength: 100, nullable: true),
                SerialNumber = table.Column<string>(maxLength: 200, nullable: true),
                ProviderPayload = table.Column<string>(nullable: true),
                CashierId = table.Column<int>(nullable: false),
                CashierName = table.Column<string>(maxLength: 100, nullable: false),
                OfficeHoursId = table.Column<int>(nullable: true),
                IdempotencyKey = table.Column<string>(maxLength: 100, nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                LocalDate = table.Column<DateOnly>(nullable: false),
                LocalMinuteOfDay = table.Column<int>(nullable: false),
                InquiryExpiresAt = table.Column<DateTime>(nullable: true),
                NextCheckAt = table.Column<DateTime>(nullable: true),
                CheckAttempts = table.Column<int>(nullable: false),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_transactions", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_transactions_Invoice", table: "transactions", column: "Invoice", unique: true);
        migrationBuilder.CreateIndex(name: "IX_transactions_RefId", table: "transactions", column: "RefId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_transactions_CashierId_IdempotencyKey", table: "transactions", columns: ["CashierId", "IdempotencyKey"], unique: true);
        migrationBuilder.CreateIndex(name: "IX_transactions_Status_NextCheckAt", table: "transactions", columns: ["Status", "NextCheckAt"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_LocalDate_Status", table: "transactions", columns: ["LocalDate", "Status"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_CashierId_CreatedAt", table: "transactions", columns: ["CashierId", "CreatedAt"]);
        migrationBuilder.CreateIndex(name: "IX_transactions_CreatedAt", table: "transactions", column: "CreatedAt");
        migrationBuilder.CreateIndex(name: "IX_transactions_CustomerId", table: "transactions", column: "CustomerId");

        migrationBuilder.CreateTable(
            name: "status_changes",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                TransactionId = table.Column<long>(nullable: false),
                Invoice = table.Column<string>(maxLength: 20, nullable: false),
                FromStatus = table.Column<string>(maxLength: 10, nullable: true),
                ToStatus = table.Column<string>(maxLength: 10, nullable: false),
                Source = table.Column<string>(maxLength: 20, nullable: false),
                ChangedById = table.Column<int>(nullable: true),
                ChangedByName = table.Column<string>(maxLength: 100, nullable: true),
                Reason = table.Column<string>(maxLength: 500, nullable: true),
                At = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_status_changes", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_status_changes_TransactionId", table: "status_changes", column: "TransactionId");

        migrationBuilder.CreateOutboxTable();
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "outbox_messages");
        migrationBuilder.DropTable(name: "status_changes");
        migrationBuilder.DropTable(name: "transactions");
    }
}
