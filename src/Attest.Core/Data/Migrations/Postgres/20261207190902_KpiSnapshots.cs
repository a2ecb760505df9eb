using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class KpiSnapshots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "kpi_snapshots",
                columns: table => new
                {
                    KpiId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Segment = table.Column<string>(type: "character varying(240)", maxLength: 240, nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Numerator = table.Column<double>(type: "double precision", nullable: true),
                    Denominator = table.Column<double>(type: "double precision", nullable: true),
                    P90 = table.Column<double>(type: "double precision", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TakenAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_kpi_snapshots", x => new { x.KpiId, x.Segment, x.Day });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "kpi_snapshots");
        }
    }
}
