using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Intake;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Rules;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// Records a person's override of a system's computed class, with a written justification. The computed
/// result is kept unchanged beside it; the system's class column shows the override (the effective class).
/// </summary>
public sealed class OverrideClassification(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ComplianceData data)
{
    public async Task<Result<SystemClassificationView>> ExecuteAsync(string idOrSlug, OverrideInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new FieldErrors();
        if (input.Class is null)
            errors.Add("class", $"is required: one of {string.Join(", ", WireName.All<EuAiActClass>().Where(c => c != "incomplete"))}");
        errors.MaxLength("justification", input.Justification, 4000);
        var (decided, problem) = ClassificationOverride.Create(input.Class ?? EuAiActClass.MinimalRisk, input.Justification, caller.Actor.Id);
        if (problem is not null)
            errors.Add(input.Class == EuAiActClass.Incomplete ? "class" : "justification", problem);
        if (errors.Any)
            return errors.ToResult<SystemClassificationView>();

        return await writes.ChangeAsync(caller, Permissions.ClassificationOverride, WriteTarget.System(idOrSlug), async change =>
        {
            var system = change.System;
            var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
            if (latest is null)
                return Result<SystemClassificationView>.Conflict($"AI system '{system.Slug}' has no computed classification to override: answer its intake first.");
            // An override judges a computed result; with questions unanswered there is none, and the tier would be missing.
            if (!latest.IsComplete)
                return Result<SystemClassificationView>.Conflict(ClassificationRecords.NotReady(system, latest)!.Replace(", so the gate knows its tier and required controls.", " before overriding its class.", StringComparison.Ordinal));

            var required = await RequiredUnderAsync(system, latest, decided!.Class, ct);
            var now = change.Now;
            var record = new ClassificationOverrideRecord
            {
                Id = ids.New("ovr"),
                SystemId = system.Id,
                ClassificationId = latest.Row.Id,
                EuAiActClass = SystemClassColumns.ClassColumn(decided.Class),
                Justification = decided.Justification,
                RequiredControlsJson = new JsonArray(required.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()).ToJsonString(),
                OverriddenBy = decided.OverriddenBy,
                OverriddenAt = now,
            };
            db.ClassificationOverrides.Add(record);
            system.EuAiActClass = record.EuAiActClass;
            system.Version++;
            system.UpdatedAt = now;
            await change.RecordAsync(LedgerActions.ClassificationOverridden, new JsonObject
            {
                ["override_id"] = record.Id,
                ["classification_id"] = latest.Row.Id,
                ["computed_class"] = latest.Row.EuAiActClass,
                ["overridden_class"] = record.EuAiActClass,
                ["justification"] = record.Justification,
                ["required_controls"] = JsonNode.Parse(record.RequiredControlsJson),
            }, ct);
            return Result<SystemClassificationView>.Ok(ClassificationRecords.ToView(system, latest with { Override = record }, data,
                DateOnly.FromDateTime(now.UtcDateTime)));
        }, ct);
    }

    // The intake's facts with the person's class: the controls the system needs if the override is right.
    private async Task<IReadOnlyList<string>> RequiredUnderAsync(AiSystem system, ClassificationRecords.Latest latest, EuAiActClass overridden, CancellationToken ct)
    {
        var intake = await db.IntakeVersions.AsNoTracking().FirstAsync(v => v.Id == latest.Row.IntakeVersionId, ct);
        var parsed = IntakeParser.Parse(intake.AnswersJson, "intake", data.AnnexIii);
        if (!parsed.Succeeded)
            throw new InvalidDataException($"Stored intake {intake.Id} no longer parses: {DataError.Summarise(parsed.Errors)}");
        var computed = Classifier.Classify(parsed.Answers!, data.Tables, data.Calendars.Find(latest.Row.CalendarName) ?? data.Calendar);
        var facts = SystemFacts.From(parsed.Answers!, computed with { Class = overridden }, LifecycleStages.ToRuleStage(system.Stage));
        return data.Library.Applicable(facts).Select(c => c.Id).ToArray();
    }
}
