using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.UserService.Data.Migrations;

/// <summary>Replicas share the outbox: each row is claimed by the one instance that publishes it.</summary>
[DbContext(typeof(UserDbContext))]
[Migration("20261201010000_OutboxClaims")]
public sealed class OutboxClaims : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.AddOutboxClaimColumns();

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropOutboxClaimColumns();
}
