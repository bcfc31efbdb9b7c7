using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.MasterService.Data.Migrations;

/// <summary>The copy of deactivated staff, so that their tokens are refused here as well.</summary>
[DbContext(typeof(MasterDbContext))]
[Migration("20261121050000_StaffAccessReplica")]
public sealed class StaffAccessCopy : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.CreateStaffAccessCopyTable();

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "staff_access_replica");
}
