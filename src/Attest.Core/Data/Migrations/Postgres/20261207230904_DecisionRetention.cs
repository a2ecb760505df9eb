using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DecisionRetention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_decision_batches_SystemId",
                table: "decision_batches");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PurgedAt",
                table: "decision_batches",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PurgedSeq",
                table: "decision_batches",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_decision_batches_SystemId_RecordedAt",
                table: "decision_batches",
                columns: new[] { "SystemId", "RecordedAt" });

            migrationBuilder.Sql(DecisionPartitioning.Up);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(DecisionPartitioning.Down);

            migrationBuilder.DropIndex(
                name: "IX_decision_batches_SystemId_RecordedAt",
                table: "decision_batches");

            migrationBuilder.DropColumn(
                name: "PurgedAt",
                table: "decision_batches");

            migrationBuilder.DropColumn(
                name: "PurgedSeq",
                table: "decision_batches");

            migrationBuilder.CreateIndex(
                name: "IX_decision_batches_SystemId",
                table: "decision_batches",
                column: "SystemId");
        }
    }
}
