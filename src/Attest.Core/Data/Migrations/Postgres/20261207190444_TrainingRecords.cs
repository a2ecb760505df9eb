using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrainingRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "training_records",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Person = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Course = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    BusinessUnit = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    FirstImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_records", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_training_records_Person_Role_Course",
                table: "training_records",
                columns: new[] { "Person", "Role", "Course" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "training_records");
        }
    }
}
