using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace TokenPln.ServiceDefaults.Persistence;

/// <summary>Helpers for the hand-written migrations, which must run on SQLite and PostgreSQL alike.</summary>
public static class MigrationBuilderExtensions
{
    /// <summary>A database-generated integer key on both providers.</summary>
    public static OperationBuilder<AddColumnOperation> AutoIncrement(this OperationBuilder<AddColumnOperation> column) =>
        column
            .Annotation("Sqlite:Autoincrement", true)
            .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

    public static void CreateOutboxTable(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "outbox_messages",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Topic = table.Column<string>(maxLength: 100, nullable: false),
                Payload = table.Column<string>(nullable: false),
                OccurredAt = table.Column<DateTime>(nullable: false),
                PublishedAt = table.Column<DateTime>(nullable: true),
                NextAttemptAt = table.Column<DateTime>(nullable: true),
                Attempts = table.Column<int>(nullable: false),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_outbox_messages", x => x.Id));
        migrationBuilder.CreateIndex(
            name: "IX_outbox_messages_PublishedAt_OccurredAt",
            table: "outbox_messages",
            columns: ["PublishedAt", "OccurredAt"]);
    }

    /// <summary>The claim that lets one of several replicas publish each outbox row.</summary>
    public static void AddOutboxClaimColumns(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>(name: "ClaimedBy", table: "outbox_messages", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<DateTime>(name: "ClaimedUntil", table: "outbox_messages", nullable: true);
    }

    public static void DropOutboxClaimColumns(this MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(name: "ClaimedUntil", table: "outbox_messages");
        migrationBuilder.DropColumn(name: "ClaimedBy", table: "outbox_messages");
    }

    public static void CreateShiftCopyTable(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "office_hours_replica",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                StartAt = table.Column<TimeOnly>(nullable: false),
                EndAt = table.Column<TimeOnly>(nullable: false),
                Active = table.Column<bool>(nullable: false),
                Version = table.Column<long>(nullable: false),
                ReplicatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_office_hours_replica", x => x.Id));

    public static void CreateStaffAccessCopyTable(this MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "staff_access_replica",
            columns: table => new
            {
                UserId = table.Column<int>(nullable: false),
                Active = table.Column<bool>(nullable: false),
                TokensRevokedBefore = table.Column<DateTime>(nullable: true),
                Version = table.Column<long>(nullable: false),
                ReplicatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_staff_access_replica", x => x.UserId));
}
