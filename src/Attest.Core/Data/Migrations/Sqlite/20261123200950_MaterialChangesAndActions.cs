using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class MaterialChangesAndActions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ApprovedConfigurationJson",
                table: "reviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LapsedAt",
                table: "reviews",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LapsedByAssessment",
                table: "reviews",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "material_change_assessments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ModelVersionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    CandidateLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ApprovedModelVersionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ApprovedLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    ApprovedReviewId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Cause = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Material = table.Column<bool>(type: "INTEGER", nullable: false),
                    LapsedApproval = table.Column<bool>(type: "INTEGER", nullable: false),
                    FiredJson = table.Column<string>(type: "TEXT", nullable: false),
                    ChecksJson = table.Column<string>(type: "TEXT", nullable: false),
                    DiffJson = table.Column<string>(type: "TEXT", nullable: false),
                    MetricDiffJson = table.Column<string>(type: "TEXT", nullable: false),
                    AssessedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    AssessedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_material_change_assessments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_material_change_assessments_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tracked_actions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ReviewId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Owner = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CompletedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CompletionNote = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tracked_actions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tracked_actions_reviews_ReviewId",
                        column: x => x.ReviewId,
                        principalTable: "reviews",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tracked_actions_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_material_change_assessments_ModelVersionId",
                table: "material_change_assessments",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_material_change_assessments_SystemId_AssessedAt",
                table: "material_change_assessments",
                columns: new[] { "SystemId", "AssessedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_tracked_actions_ReviewId",
                table: "tracked_actions",
                column: "ReviewId");

            migrationBuilder.CreateIndex(
                name: "IX_tracked_actions_SystemId_Status",
                table: "tracked_actions",
                columns: new[] { "SystemId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "material_change_assessments");

            migrationBuilder.DropTable(
                name: "tracked_actions");

            migrationBuilder.DropColumn(
                name: "ApprovedConfigurationJson",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "LapsedAt",
                table: "reviews");

            migrationBuilder.DropColumn(
                name: "LapsedByAssessment",
                table: "reviews");
        }
    }
}
