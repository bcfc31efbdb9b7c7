using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>The local copy of PLN token products, so that a sale's product is checked while master-service is down.</summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130040100_ProductReplica")]
public sealed class ProductCopy : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "product_replica",
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 30, nullable: false),
                Description = table.Column<string>(maxLength: 100, nullable: false),
                Nominal = table.Column<long>(nullable: false),
                Price = table.Column<long>(nullable: false),
                Active = table.Column<bool>(nullable: false),
                ReplicatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_product_replica", x => x.Code));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "product_replica");
}
