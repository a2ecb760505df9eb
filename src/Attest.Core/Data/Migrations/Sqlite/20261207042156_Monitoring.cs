using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Monitoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "OutcomeObservedAt",
                table: "decisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PlanVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    RouteIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    RouteKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastStatus = table.Column<int>(type: "INTEGER", nullable: true),
                    LastResponse = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    LastValue = table.Column<double>(type: "REAL", nullable: true),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    Comparator = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    ModelVersionLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    HealthyStreak = table.Column<int>(type: "INTEGER", nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastBreachAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Resolution = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    IncidentId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ActiveKey = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    DocumentJson = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SecretsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SourceFormat = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OperationalAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LedgerSeq = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlanVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersionLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    EvaluatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Lower = table.Column<double>(type: "REAL", nullable: true),
                    Upper = table.Column<double>(type: "REAL", nullable: true),
                    N = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Threshold = table.Column<double>(type: "REAL", nullable: false),
                    Comparator = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    AlertId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false)
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
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignalId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    PlanVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    NextDueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    LastEvaluatedAt = table.Column<long>(type: "INTEGER", nullable: true)
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
