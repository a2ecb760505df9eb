using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentNarratives : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ImportedMetadataJson",
                table: "model_versions",
                type: "text",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "document_narratives",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DocumentKind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    SectionId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_document_narratives", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_document_narratives_DocumentKind_SubjectId_SectionId_Revisi~",
                table: "document_narratives",
                columns: new[] { "DocumentKind", "SubjectId", "SectionId", "Revision" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_document_narratives_SystemId",
                table: "document_narratives",
                column: "SystemId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "document_narratives");

            migrationBuilder.DropColumn(
                name: "ImportedMetadataJson",
                table: "model_versions");
        }
    }
}
