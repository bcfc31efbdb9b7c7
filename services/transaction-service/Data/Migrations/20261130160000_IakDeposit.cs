using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>The IAK deposit this counter watches: one row, made by the first balance read or threshold set.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130160000_IakDeposit")]
public sealed class IakDepositTable : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "iak_deposit",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Balance = table.Column<long>(nullable: true),
                ReadAt = table.Column<DateTime>(nullable: true),
                Source = table.Column<string>(maxLength: 20, nullable: true),
                LowThreshold = table.Column<long>(nullable: true),
                ThresholdSetAt = table.Column<DateTime>(nullable: true),
                ThresholdSetBy = table.Column<string>(maxLength: 100, nullable: true),
                LowAlerted = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_iak_deposit", x => x.Id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "iak_deposit");
}
