using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.MasterService.Data.Migrations;

[DbContext(typeof(MasterDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "office_hours",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                StartAt = table.Column<TimeOnly>(nullable: false),
                EndAt = table.Column<TimeOnly>(nullable: false),
                Active = table.Column<bool>(nullable: false),
                Version = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_office_hours", x => x.Id));

        migrationBuilder.CreateOutboxTable();
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "outbox_messages");
        migrationBuilder.DropTable(name: "office_hours");
    }
}
