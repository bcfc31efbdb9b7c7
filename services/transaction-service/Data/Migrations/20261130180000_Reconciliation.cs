using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TokenPln.ServiceDefaults.Persistence;

namespace TokenPln.TransactionService.Data.Migrations;

/// <summary>
/// Reconciliation with IAK: each run's summary (a run holds its day through the unique ActiveDay while it goes), what it
/// found, and IAK's signed callbacks for ref_ids we have no sale for.
/// </summary>
[DbContext(typeof(TransactionDbContext))]
[Migration("20261130180000_Reconciliation")]
public sealed class Reconciliation : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "reconciliation_runs",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                Day = table.Column<DateOnly>(nullable: false),
                ActiveDay = table.Column<DateOnly>(nullable: true),
                Trigger = table.Column<string>(maxLength: 20, nullable: false),
                RequestedByName = table.Column<string>(maxLength: 100, nullable: true),
                StartedAt = table.Column<DateTime>(nullable: false),
                FinishedAt = table.Column<DateTime>(nullable: true),
                Checked = table.Column<int>(nullable: false),
                Agreed = table.Column<int>(nullable: false),
                Disagreed = table.Column<int>(nullable: false),
                StillPending = table.Column<int>(nullable: false),
                UnknownRefIds = table.Column<int>(nullable: false),
                Errors = table.Column<int>(nullable: false),
                Failure = table.Column<string>(maxLength: 500, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_reconciliation_runs", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_reconciliation_runs_ActiveDay", table: "reconciliation_runs", column: "ActiveDay", unique: true);
        migrationBuilder.CreateIndex(name: "IX_reconciliation_runs_Day_StartedAt", table: "reconciliation_runs", columns: ["Day", "StartedAt"]);

        migrationBuilder.CreateTable(
            name: "reconciliation_findings",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                RunId = table.Column<long>(nullable: false),
                Invoice = table.Column<string>(maxLength: 20, nullable: true),
                RefId = table.Column<string>(maxLength: 40, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Disagreement = table.Column<bool>(nullable: false),
                Ours = table.Column<string>(maxLength: 200, nullable: true),
                Iak = table.Column<string>(maxLength: 200, nullable: true),
                Note = table.Column<string>(maxLength: 300, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_reconciliation_findings", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_reconciliation_findings_RunId", table: "reconciliation_findings", column: "RunId");

        migrationBuilder.CreateTable(
            name: "iak_unknown_callbacks",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                RefId = table.Column<string>(maxLength: 40, nullable: false),
                Status = table.Column<int>(nullable: false),
                ProductCode = table.Column<string>(maxLength: 30, nullable: true),
                CustomerId = table.Column<string>(maxLength: 20, nullable: true),
                Price = table.Column<long>(nullable: true),
                SerialNumber = table.Column<string>(maxLength: 200, nullable: true),
                Message = table.Column<string>(maxLength: 200, nullable: true),
                FirstReceivedAt = table.Column<DateTime>(nullable: false),
                LastReceivedAt = table.Column<DateTime>(nullable: false),
                Deliveries = table.Column<int>(nullable: false),
                LocalDate = table.Column<DateOnly>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_iak_unknown_callbacks", x => x.Id));
        migrationBuilder.CreateIndex(name: "IX_iak_unknown_callbacks_RefId", table: "iak_unknown_callbacks", column: "RefId", unique: true);
        migrationBuilder.CreateIndex(name: "IX_iak_unknown_callbacks_LocalDate", table: "iak_unknown_callbacks", column: "LocalDate");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable(name: "iak_unknown_callbacks");
        migrationBuilder.DropTable(name: "reconciliation_findings");
        migrationBuilder.DropTable(name: "reconciliation_runs");
    }
}
