using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.MasterService.Data.Migrations;

/// <summary>Each account's current shift beside its access, so that moving a cashier reaches their next request here.</summary>
[DbContext(typeof(MasterDbContext))]
[Migration("20261130020000_StaffAccessShift")]
public sealed class StaffAccessShift : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<int>(name: "OfficeHoursId", table: "staff_access_replica", nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "OfficeHoursId", table: "staff_access_replica");
}
