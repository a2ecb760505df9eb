using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Sqlite
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

            migrationBuilder.AddColumn<long>(
                name: "PurgedAt",
                table: "decision_batches",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PurgedSeq",
                table: "decision_batches",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_decision_batches_SystemId_RecordedAt",
                table: "decision_batches",
                columns: new[] { "SystemId", "RecordedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
