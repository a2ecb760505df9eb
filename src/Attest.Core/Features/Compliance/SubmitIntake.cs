using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// Records a system's intake answers as a new intake version, classifies them (class, tier, obligations,
/// required controls, review routes) and stores the result beside the version; the system's class and tier
/// columns follow. Answers that do not parse are refused, each problem keyed by its answer path. Answers that parse but
/// leave questions that decide the class unanswered (or unknown) are kept: the classification is stored as incomplete,
/// listing them, and the system's class column says "incomplete" (no tier) until a later intake answers them.
/// </summary>
public sealed class SubmitIntake(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ComplianceData data)
{
    public async Task<Result<SystemClassificationView>> ExecuteAsync(string idOrSlug, string answersText, CallerIdentity caller, CancellationToken ct)
    {
        var parsed = IntakeParser.Parse(answersText ?? "", "intake", data.AnnexIii);
        if (!parsed.Succeeded)
            return Result<SystemClassificationView>.Invalid(parsed.Errors
                .GroupBy(e => e.Path.Length == 0 ? "answers" : e.Path)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        var answers = parsed.Answers!;

        return await writes.ChangeAsync(caller, Permissions.IntakeWrite, WriteTarget.System(idOrSlug), async change =>
        {
            var system = change.System;

            var now = change.Now;
            var number = (await db.IntakeVersions.Where(v => v.SystemId == system.Id).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;
            var answersJson = IntakeAnswersJson.ToJson(answers);
            var version = new IntakeVersion
            {
                Id = ids.New("intake"),
                SystemId = system.Id,
                Number = number,
                AnswersJson = answersJson.ToJsonString(),
                AnsweredBy = change.Actor.Id,
                AnsweredAt = now,
            };
            db.IntakeVersions.Add(version);

            var assessment = IntakeAssessment.Assess(answers, data.Tables, data.Calendar, data.Library, data.Routing, LifecycleStages.ToRuleStage(system.Stage));
            var document = ClassificationDocument.ToJson(assessment, data.Library.Version, data.Questions);
            var computed = assessment.Classification;
            var row = new SystemClassification
            {
                Id = ids.New("cls"),
                SystemId = system.Id,
                IntakeVersionId = version.Id,
                EuAiActClass = SystemClassColumns.ClassColumn(computed.Class),
                Tier = computed.Tier is { } tier ? SystemClassColumns.TierColumn(tier) : SystemClassColumns.Incomplete,
                ClassificationJson = document.ToJsonString(),
                ControlLibraryVersion = data.Library.Version.Declared,
                ControlLibraryHash = data.Library.Version.ContentHash,
                CalendarName = computed.CalendarName,
                ComputedAt = now,
            };
            db.Classifications.Add(row);

            // A new intake means new facts: an override made against the earlier result no longer applies.
            system.EuAiActClass = row.EuAiActClass;
            system.Tier = row.Tier;
            system.Version++;
            system.UpdatedAt = now;

            await change.RecordAsync(LedgerActions.IntakeAnswered, new JsonObject
            {
                ["intake_version_id"] = version.Id,
                ["version"] = number,
                ["answers"] = answersJson.DeepClone(),
            }, ct);
            await change.RecordAsync(LedgerActions.ClassificationComputed, new JsonObject
            {
                ["classification_id"] = row.Id,
                ["intake_version_id"] = version.Id,
                ["eu_ai_act_class"] = row.EuAiActClass,
                ["status"] = WireName.Of(computed.Status),
                ["missing"] = new JsonArray(computed.Missing.Select(m => (JsonNode)JsonValue.Create(m.Key)).ToArray()),
                ["basis"] = new JsonArray(computed.Basis.Select(b => (JsonNode)JsonValue.Create(b)).ToArray()),
                ["tier"] = row.Tier,
                ["required_controls"] = new JsonArray(assessment.RequiredControls.Select(c => (JsonNode)JsonValue.Create(c.Id)).ToArray()),
                ["control_library"] = new JsonObject { ["version"] = row.ControlLibraryVersion, ["content_hash"] = row.ControlLibraryHash },
                ["calendar"] = row.CalendarName,
            }, ct);

            var latest = new ClassificationRecords.Latest(row, number, ClassificationDocumentDto.Parse(row.ClassificationJson), null);
            return Result<SystemClassificationView>.Ok(ClassificationRecords.ToView(system, latest, data, DateOnly.FromDateTime(now.UtcDateTime)));
        }, ct);
    }
}
