using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>The leases that let one replica at a time run the status-check poller, the deposit check and the daily reconciliation.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261201010300_Leases")]
public sealed class Leases : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "leases",
            columns: table => new
            {
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Holder = table.Column<string>(maxLength: 200, nullable: false),
                ExpiresAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_leases", x => x.Name));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "leases");
}
