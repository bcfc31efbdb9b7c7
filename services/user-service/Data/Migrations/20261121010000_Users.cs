using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.UserService.Data.Migrations;

[DbContext(typeof(UserDbContext))]
[Migration("20261121010000_Users")]
public sealed class Users : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                EmployeeNumber = table.Column<string>(maxLength: 30, nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Email = table.Column<string>(maxLength: 254, nullable: false),
                Phone = table.Column<string>(maxLength: 20, nullable: true),
                Address = table.Column<string>(maxLength: 500, nullable: true),
                PasswordHash = table.Column<string>(nullable: false),
                Role = table.Column<string>(maxLength: 20, nullable: false),
                Active = table.Column<bool>(nullable: false),
                OfficeHoursId = table.Column<int>(nullable: true),
                CreatedAt = table.Column<DateTime>(nullable: false),
                UpdatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_users", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_users_Email", table: "users", column: "Email", unique: true);
        migrationBuilder.CreateIndex(name: "IX_users_EmployeeNumber", table: "users", column: "EmployeeNumber", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable(name: "users");
}
