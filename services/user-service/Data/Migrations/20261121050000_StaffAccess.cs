using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.UserService.Data.Migrations;

/// <summary>Deactivation revokes tokens, and is announced to the other services through an outbox.</summary>
[DbContext(typeof(UserDbContext))]
[Migration("20261121050000_StaffAccess")]
public sealed class StaffAccess : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTime>(name: "TokensRevokedBefore", table: "users", nullable: true);
        migrationBuilder.AddColumn<long>(name: "AccessVersion", table: "users", nullable: false, defaultValue: 0L);
        migrationBuilder.CreateOutboxTable();
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "outbox_messages");
        migrationBuilder.DropColumn(name: "AccessVersion", table: "users");
        migrationBuilder.DropColumn(name: "TokensRevokedBefore", table: "users");
    }
}
