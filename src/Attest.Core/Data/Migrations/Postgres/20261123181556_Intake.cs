using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Intake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "intake_versions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    AnswersJson = table.Column<string>(type: "text", nullable: false),
                    AnsweredBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_intake_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_intake_versions_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "system_control_statuses",
                columns: table => new
                {
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ControlId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Note = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    UpdatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_system_control_statuses", x => new { x.SystemId, x.ControlId });
                    table.ForeignKey(
                        name: "FK_system_control_statuses_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "system_classifications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IntakeVersionId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EuAiActClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Tier = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ClassificationJson = table.Column<string>(type: "text", nullable: false),
                    ControlLibraryVersion = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    ControlLibraryHash = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    CalendarName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ComputedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_system_classifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_system_classifications_intake_versions_IntakeVersionId",
                        column: x => x.IntakeVersionId,
                        principalTable: "intake_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_system_classifications_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "classification_overrides",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ClassificationId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    EuAiActClass = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Justification = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    RequiredControlsJson = table.Column<string>(type: "text", nullable: false),
                    OverriddenBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OverriddenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_classification_overrides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_classification_overrides_system_classifications_Classificat~",
                        column: x => x.ClassificationId,
                        principalTable: "system_classifications",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_classification_overrides_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_classification_overrides_ClassificationId",
                table: "classification_overrides",
                column: "ClassificationId");

            migrationBuilder.CreateIndex(
                name: "IX_classification_overrides_SystemId",
                table: "classification_overrides",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_intake_versions_SystemId_Number",
                table: "intake_versions",
                columns: new[] { "SystemId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_system_classifications_IntakeVersionId",
                table: "system_classifications",
                column: "IntakeVersionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_system_classifications_SystemId",
                table: "system_classifications",
                column: "SystemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "classification_overrides");

            migrationBuilder.DropTable(
                name: "system_control_statuses");

            migrationBuilder.DropTable(
                name: "system_classifications");

            migrationBuilder.DropTable(
                name: "intake_versions");
        }
    }
}
