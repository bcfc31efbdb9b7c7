using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace TokenPln.UserService.Data.Migrations;

/// <summary>Failed logins counted in the database, so that the throttle holds across every instance of user-service.</summary>
[DbContext(typeof(UserDbContext))]
[Migration("20261201020000_LoginFailures")]
public sealed class LoginFailures : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "login_failures",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 600, nullable: false),
                SinceMs = table.Column<long>(nullable: false),
                Failures = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_login_failures", x => x.Key));
        migrationBuilder.CreateIndex(name: "IX_login_failures_SinceMs", table: "login_failures", column: "SinceMs");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "login_failures");
}
