using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Attest.Core.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OutcomeObservedAt",
                table: "decisions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AlertId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PlanVersion = table.Column<int>(type: "integer", nullable: false),
                    RouteIndex = table.Column<int>(type: "integer", nullable: false),
                    RouteKind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Destination = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Event = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastStatus = table.Column<int>(type: "integer", nullable: true),
                    LastResponse = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alert_deliveries_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_alerts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Metric = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false),
                    LastValue = table.Column<double>(type: "double precision", nullable: true),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    Comparator = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    ModelVersionLabel = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    HealthyStreak = table.Column<int>(type: "integer", nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastBreachAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ResolvedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Resolution = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    IncidentId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    ActiveKey = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_monitoring_alerts_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_plans",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    DocumentJson = table.Column<string>(type: "text", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SecretsJson = table.Column<string>(type: "text", nullable: false),
                    SourceFormat = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OperationalAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LedgerSeq = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_plans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_monitoring_plans_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_points",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PlanVersion = table.Column<int>(type: "integer", nullable: false),
                    ModelVersionLabel = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    EvaluatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<double>(type: "double precision", nullable: true),
                    Lower = table.Column<double>(type: "double precision", nullable: true),
                    Upper = table.Column<double>(type: "double precision", nullable: true),
                    N = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Threshold = table.Column<double>(type: "double precision", nullable: false),
                    Comparator = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Target = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    AlertId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Trigger = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_points", x => x.Id);
                    table.ForeignKey(
                        name: "FK_monitoring_points_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "monitoring_schedule",
                columns: table => new
                {
                    SystemId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    PlanVersion = table.Column<int>(type: "integer", nullable: false),
                    NextDueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastEvaluatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_monitoring_schedule", x => new { x.SystemId, x.SignalId });
                    table.ForeignKey(
                        name: "FK_monitoring_schedule_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_AlertId",
                table: "alert_deliveries",
                column: "AlertId");

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_State_NextAttemptAt",
                table: "alert_deliveries",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_SystemId",
                table: "alert_deliveries",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_alerts_ActiveKey",
                table: "monitoring_alerts",
                column: "ActiveKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_alerts_SystemId_State",
                table: "monitoring_alerts",
                columns: new[] { "SystemId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_plans_SystemId_Version",
                table: "monitoring_plans",
                columns: new[] { "SystemId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_points_SystemId_SignalId_EvaluatedAt",
                table: "monitoring_points",
                columns: new[] { "SystemId", "SignalId", "EvaluatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_monitoring_schedule_NextDueAt",
                table: "monitoring_schedule",
                column: "NextDueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_deliveries");

            migrationBuilder.DropTable(
                name: "monitoring_alerts");

            migrationBuilder.DropTable(
                name: "monitoring_plans");

            migrationBuilder.DropTable(
                name: "monitoring_points");

            migrationBuilder.DropTable(
                name: "monitoring_schedule");

            migrationBuilder.DropColumn(
                name: "OutcomeObservedAt",
                table: "decisions");
        }
    }
}
