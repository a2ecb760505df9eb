using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Incidents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing incidents: the organisation became aware of them when they were reported (set after the columns exist).
            migrationBuilder.AddColumn<string>(
                name: "IncidentId",
                table: "tracked_actions",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "tracked_actions",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "general");

            migrationBuilder.AddColumn<string>(
                name: "ProposedControlJson",
                table: "tracked_actions",
                type: "TEXT",
                maxLength: 16000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "AwareAt",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "incidents",
                type: "TEXT",
                maxLength: 60,
                nullable: false,
                defaultValue: "other");

            migrationBuilder.AddColumn<long>(
                name: "ContainedAt",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContainmentJson",
                table: "incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "GovernanceGap",
                table: "incidents",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ObligationsJson",
                table: "incidents",
                type: "TEXT",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "incidents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PersonalDataBreach",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "ResolvedAt",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewSummary",
                table: "incidents",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ReviewedAt",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "incidents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RootCause",
                table: "incidents",
                type: "TEXT",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Serious",
                table: "incidents",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "TriagedAt",
                table: "incidents",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WidespreadInfringement",
                table: "incidents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "org_control_versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ControlId = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    ControlJson = table.Column<string>(type: "TEXT", maxLength: 16000, nullable: false),
                    ScopeSystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    IncidentId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ActionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_org_control_versions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_tracked_actions_IncidentId",
                table: "tracked_actions",
                column: "IncidentId");

            migrationBuilder.CreateIndex(
                name: "IX_org_control_versions_ControlId_Version",
                table: "org_control_versions",
                columns: new[] { "ControlId", "Version" },
                unique: true);
            migrationBuilder.Sql("UPDATE incidents SET \"AwareAt\" = \"ReportedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "org_control_versions");

            migrationBuilder.DropIndex(
                name: "IX_tracked_actions_IncidentId",
                table: "tracked_actions");

            migrationBuilder.DropColumn(
                name: "IncidentId",
                table: "tracked_actions");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "tracked_actions");

            migrationBuilder.DropColumn(
                name: "ProposedControlJson",
                table: "tracked_actions");

            migrationBuilder.DropColumn(
                name: "AwareAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ContainedAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ContainmentJson",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "GovernanceGap",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ObligationsJson",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "PersonalDataBreach",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ResolvedAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ReviewSummary",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "RootCause",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "Serious",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "TriagedAt",
                table: "incidents");

            migrationBuilder.DropColumn(
                name: "WidespreadInfringement",
                table: "incidents");
        }
    }
}
