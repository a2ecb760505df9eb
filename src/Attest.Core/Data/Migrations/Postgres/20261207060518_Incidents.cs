using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
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
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "tracked_actions",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "general");

            migrationBuilder.AddColumn<string>(
                name: "ProposedControlJson",
                table: "tracked_actions",
                type: "character varying(16000)",
                maxLength: 16000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AwareAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "incidents",
                type: "character varying(60)",
                maxLength: 60,
                nullable: false,
                defaultValue: "other");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ContainedAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ContainmentJson",
                table: "incidents",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "GovernanceGap",
                table: "incidents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ObligationsJson",
                table: "incidents",
                type: "text",
                nullable: false,
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "incidents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "PersonalDataBreach",
                table: "incidents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ResolvedAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewSummary",
                table: "incidents",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "incidents",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RootCause",
                table: "incidents",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Serious",
                table: "incidents",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "TriagedAt",
                table: "incidents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "WidespreadInfringement",
                table: "incidents",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "org_control_versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ControlId = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    ControlJson = table.Column<string>(type: "character varying(16000)", maxLength: 16000, nullable: false),
                    ScopeSystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    IncidentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ActionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
