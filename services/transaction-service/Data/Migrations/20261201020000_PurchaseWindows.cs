using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>Each user's purchases in the current minute, counted in the database so the limit holds across instances.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261201020000_PurchaseWindows")]
public sealed class PurchaseWindows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "purchase_windows",
            columns: table => new
            {
                UserId = table.Column<int>(nullable: false),
                Minute = table.Column<long>(nullable: false),
                Purchases = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_purchase_windows", x => x.UserId));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "purchase_windows");
}
