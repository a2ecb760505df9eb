using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Attest.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Oversight : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "decision_batches",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    FirstDecisionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    LastDecisionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    RootHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LedgerSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decision_batches", x => x.Id);
                    table.ForeignKey(
                        name: "FK_decision_batches_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "decisions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ModelVersionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ModelVersionLabel = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    DeploymentId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ExternalId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    InputDigest = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InputJson = table.Column<string>(type: "TEXT", nullable: true),
                    Output = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OutputIsNumber = table.Column<bool>(type: "INTEGER", nullable: false),
                    Confidence = table.Column<double>(type: "REAL", nullable: true),
                    FactorsJson = table.Column<string>(type: "TEXT", nullable: false),
                    FeaturesJson = table.Column<string>(type: "TEXT", nullable: false),
                    AttributesJson = table.Column<string>(type: "TEXT", nullable: true),
                    AttributesSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Ungoverned = table.Column<bool>(type: "INTEGER", nullable: false),
                    Route = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    PolicyVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    PolicySha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    QueueItemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    BodySha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    BatchId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    BatchIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    RecordedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OutcomeRecordedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_decisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_decisions_model_versions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "model_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_decisions_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "oversight_policies",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DocumentJson = table.Column<string>(type: "TEXT", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SourceText = table.Column<string>(type: "TEXT", nullable: false),
                    SourceFormat = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ProposedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApprovedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SupersededAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ChangesJson = table.Column<string>(type: "TEXT", nullable: false),
                    Material = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProposedSeq = table.Column<long>(type: "INTEGER", nullable: false),
                    ApprovedSeq = table.Column<long>(type: "INTEGER", nullable: true),
                    RowVersion = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oversight_policies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_oversight_policies_systems_SystemId",
                        column: x => x.SystemId,
                        principalTable: "systems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "review_items",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DecisionId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SystemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReasonsJson = table.Column<string>(type: "TEXT", nullable: false),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClaimedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClaimedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LeaseExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    FinalOutput = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    FinalOutputIsNumber = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    ResolvedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewStartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AppealReason = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    AppealedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    PreviousItemId = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DecisionOccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    OpenedSeq = table.Column<long>(type: "INTEGER", nullable: true),
                    ResolvedSeq = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_items", x => x.Id);
                    table.ForeignKey(
                        name: "FK_review_items_decisions_DecisionId",
                        column: x => x.DecisionId,
                        principalTable: "decisions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_decision_batches_SystemId",
                table: "decision_batches",
                column: "SystemId");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_BatchId_BatchIndex",
                table: "decisions",
                columns: new[] { "BatchId", "BatchIndex" });

            migrationBuilder.CreateIndex(
                name: "IX_decisions_ModelVersionId",
                table: "decisions",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_decisions_SystemId_ExternalId",
                table: "decisions",
                columns: new[] { "SystemId", "ExternalId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_decisions_SystemId_OccurredAt",
                table: "decisions",
                columns: new[] { "SystemId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_oversight_policies_SystemId_Version",
                table: "oversight_policies",
                columns: new[] { "SystemId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_review_items_DecisionId",
                table: "review_items",
                column: "DecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_review_items_State_DueAt",
                table: "review_items",
                columns: new[] { "State", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_review_items_SystemId_CreatedAt",
                table: "review_items",
                columns: new[] { "SystemId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "decision_batches");

            migrationBuilder.DropTable(
                name: "oversight_policies");

            migrationBuilder.DropTable(
                name: "review_items");

            migrationBuilder.DropTable(
                name: "decisions");
        }
    }
}
