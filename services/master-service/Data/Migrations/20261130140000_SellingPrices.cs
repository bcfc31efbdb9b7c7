using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.MasterService.Data.Migrations;

/// <summary>
/// The owner's selling prices: a rule per PLN token product, one row of counter-wide settings (default markup, admin fees),
/// and their audit. No rows: until the owner sets prices every product sells at IAK's price and bills carry no counter fee.
/// </summary>
[DbContext(typeof(MasterDbContext))]
[Migration("20261130140000_SellingPrices")]
public sealed class OwnerPrices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "price_rules",
            columns: table => new
            {
                Code = table.Column<string>(maxLength: 30, nullable: false),
                Kind = table.Column<string>(maxLength: 10, nullable: false),
                Value = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedById = table.Column<int>(nullable: false),
                UpdatedByName = table.Column<string>(maxLength: 100, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_price_rules", x => x.Code));

        migrationBuilder.CreateTable(
            name: "price_settings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                DefaultKind = table.Column<string>(maxLength: 10, nullable: false),
                DefaultValue = table.Column<long>(nullable: false),
                PostpaidAdminFee = table.Column<long>(nullable: false),
                NontaglisAdminFee = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
                UpdatedById = table.Column<int>(nullable: false),
                UpdatedByName = table.Column<string>(maxLength: 100, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_price_settings", x => x.Id));

        migrationBuilder.CreateTable(
            name: "price_changes",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                At = table.Column<DateTime>(nullable: false),
                ById = table.Column<int>(nullable: false),
                ByName = table.Column<string>(maxLength: 100, nullable: false),
                Subject = table.Column<string>(maxLength: 40, nullable: false),
                Before = table.Column<string>(maxLength: 200, nullable: true),
                After = table.Column<string>(maxLength: 200, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_price_changes", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_price_changes_At", table: "price_changes", column: "At");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "price_changes");
        migrationBuilder.DropTable(name: "price_settings");
        migrationBuilder.DropTable(name: "price_rules");
    }
}
