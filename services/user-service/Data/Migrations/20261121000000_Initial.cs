using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.UserService.Data.Migrations;

[DbContext(typeof(UserDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.CreateShiftCopyTable();

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "office_hours_replica");
}
