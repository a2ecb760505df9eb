using Attest.Core.Common;
using Attest.Core.Compliance;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Core.Gates;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Evaluates a system's release gate for a lifecycle transition: gathers the facts from the database
/// (classification tier, required controls and their statuses, routed sign-offs, waivers, risks, incidents), asks the Engine to
/// decide, and returns the verdict. Reads only; nothing is recorded.
/// </summary>
public sealed class EvaluateGate(AttestDbContext db, ComplianceData compliance, GateData gates, TimeProvider time, Attest.Core.Evidence.BlobStore blobs)
{
    /// <param name="measurements">Evaluation results from outside the database (e.g. `attest gate --evaluation report.json`), judged with the stored ones.</param>
    public async Task<Result<GateReport>> ExecuteAsync(string idOrSlug, string? modelVersion, GateStage stage, CancellationToken ct, IReadOnlyList<EvaluationMeasurement>? measurements = null)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<GateReport>.NotFound($"No AI system '{idOrSlug}'.");
        var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<GateReport>(db, system, modelVersion, "model_version", ct);
        if (error is not null)
            return error;
        var gathered = await GatherAsync(system, version, stage, ct, measurements);
        return gathered.IsOk ? Result<GateReport>.Ok(gathered.Value!.Report) : gathered.As<GateReport>();
    }

    internal sealed record Gathered(GateReport Report, GateFacts Facts);

    /// <summary>The facts and the verdict, for callers that also record what the decision stood on.</summary>
    internal async Task<Result<Gathered>> GatherAsync(AiSystem system, ModelVersion? version, GateStage stage, CancellationToken ct, IReadOnlyList<EvaluationMeasurement>? measurements = null)
    {
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null)
            return Result<Gathered>.Conflict($"AI system '{system.Slug}' has not been classified yet: answer its intake first, so the gate knows its tier and required controls.");

        var tier = latest.Document.Tier;
        var gate = gates.Catalog.For(stage, tier)
            ?? throw new InvalidOperationException($"The gate catalog has no {WireName.Of(stage)} gate for tier {WireName.Of(tier)}.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var statuses = await db.ControlStatuses.AsNoTracking().Where(s => s.SystemId == system.Id).ToDictionaryAsync(s => s.ControlId, s => s.Status, ct);
        var required = GetSystemControls.RequiredControls(compliance.Library, latest);
        // The same evidence freshness the controls page and the matrix show: fresh evidence satisfies, expired or
        // earlier-model evidence makes the control stale.
        var freshness = (await EvidenceOverlay.ForSystemsAsync(db, new Dictionary<string, IReadOnlyList<Control>> { [system.Id] = required }, today, ct))[system.Id];
        var evidence = await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id && e.Status == EvidenceStatuses.Active).ToDictionaryAsync(e => e.Id, ct);
        var controls = required.Select(c =>
            {
                var verdict = freshness[c.Id];
                var latestValid = verdict.ValidEvidence.Select(id => evidence[id]).MaxBy(e => e.ProducedAt);
                return new ControlFact(c.Id, c.Title, EvidenceFreshness.EffectiveStatus(statuses.GetValueOrDefault(c.Id, ControlStatus.NotStarted), verdict.State),
                    c.Mappings.Select(m => m.ToString()).ToArray(), c.EvidenceTypes, c.RenewalMonths,
                    latestValid is null ? null : DateOnly.FromDateTime(latestValid.ProducedAt.UtcDateTime), latestValid?.Id, verdict.ValidUntil);
            })
            .ToArray();
        var stored = await StoredMeasurementsAsync(version?.Id, evidence.Values, ct);
        // Sign-offs of the latest review of this transition (for this model version when one is named).
        // A review whose approval lapsed after a material change no longer counts.
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.SignOffs)
            .Where(r => r.SystemId == system.Id && r.Stage == stage && r.LapsedAt == null && (version == null || r.ModelVersionId == version.Id)).ToListAsync(ct);
        var review = reviews.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).LastOrDefault();
        var carried = review is null && version is not null ? await CoveringApprovalAsync(version, stage, ct) : null;
        var signOffs = (review ?? carried?.Review)?.SignOffs ?? [];
        var waivers = await db.Waivers.AsNoTracking()
            .Where(w => w.SystemId == system.Id && (w.ModelVersionId == null || (version != null && w.ModelVersionId == version.Id))).ToListAsync(ct);
        // Risks of this model version or of the system as a whole (all of them when no version is named); every incident.
        var risks = await db.Risks.AsNoTracking()
            .Where(r => r.SystemId == system.Id && (version == null || r.ModelVersionId == null || r.ModelVersionId == version.Id)).ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.SystemId == system.Id).ToListAsync(ct);
        var facts = new GateFacts
        {
            System = system.Slug,
            ModelVersion = version?.Label,
            Today = today,
            Controls = controls,
            Measurements = Merge(stored, measurements ?? []),
            RequiredSignOffs = latest.Document.Review.Select(r => new RequiredSignOff(r.Reviewer, r.Reason)).ToArray(),
            SignOffs = ReviewViews.Ordered(signOffs)
                .Select(s => new SignOffFact(s.Specialty, s.Decision, carried is null ? s.SignedBy : $"{s.SignedBy} (carried over from {carried.Review.Id} of {carried.Review.ModelVersionLabel}: {version!.Label} is not a material change)"))
                .ToArray(),
            Waivers = waivers.OrderBy(w => w.ExpiresOn).ThenBy(w => w.Id, StringComparer.Ordinal)
                .Select(w => new WaiverFact(w.Id, w.ControlId, w.State, w.ExpiresOn)).ToArray(),
            Risks = risks.OrderBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new RiskFact(r.Id, r.Title, r.Severity, r.Treatment, r.ControlId)).ToArray(),
            Incidents = incidents.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => new IncidentFact(i.Id, i.Title, i.Severity, i.Status == IncidentStatus.Open)).ToArray(),
        };
        var result = GateEvaluator.Evaluate(gate, facts);
        return Result<Gathered>.Ok(new Gathered(GateReport.From(system.Id, tier, gate, result, today), facts));
    }

    private sealed record Covering(Review Review);

    /// <summary>
    /// Evaluations given with the request (a CI job's fresh run) replace the stored ones of the same metric and feature
    /// (all its groups: the groups of a fresh run may be coded differently), so each requirement is judged once, on the
    /// newest measurement; features only the stored evidence measured are still judged.
    /// </summary>
    private static EvaluationMeasurement[] Merge(IReadOnlyList<EvaluationMeasurement> stored, IReadOnlyList<EvaluationMeasurement> given)
    {
        var replaced = given.Select(m => (m.Metric, m.Feature)).ToHashSet();
        return [.. stored.Where(m => !replaced.Contains((m.Metric, m.Feature))), .. given];
    }

    /// <summary>
    /// A version whose latest material-change assessment found nothing material is covered by the approval it was
    /// compared with, when that approval was for this stage and has not lapsed: its sign-offs carry over.
    /// </summary>
    private async Task<Covering?> CoveringApprovalAsync(ModelVersion version, GateStage stage, CancellationToken ct)
    {
        var assessments = await db.MaterialChanges.AsNoTracking().Where(m => m.ModelVersionId == version.Id).ToListAsync(ct);
        var latest = assessments.OrderBy(m => m.AssessedAt).ThenBy(m => m.Id, StringComparer.Ordinal).LastOrDefault();
        if (latest is null || latest.Material)
            return null;
        var approved = await db.Reviews.AsNoTracking().Include(r => r.SignOffs)
            .FirstOrDefaultAsync(r => r.Id == latest.ApprovedReviewId && r.Stage == stage && r.LapsedAt == null, ct);
        return approved is null ? null : new Covering(approved);
    }

    /// <summary>
    /// Measurements from the newest valid fairness report stored as evidence for this model version (or for
    /// the system as a whole), so threshold rules judge what the evidence shows.
    /// </summary>
    private async Task<IReadOnlyList<EvaluationMeasurement>> StoredMeasurementsAsync(string? modelVersionId, IEnumerable<EvidenceItem> active, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var report = active
            .Where(e => e.Type == "fairness_report" && e.ValidUntil >= today
                && (e.ModelVersionIds.Count == 0 || modelVersionId is null || e.ModelVersionIds.Contains(modelVersionId)))
            .MaxBy(e => e.ProducedAt);
        if (report is null || !blobs.Exists(report.Sha256)) return [];
        await using var stream = blobs.OpenRead(report.Sha256);
        using var reader = new StreamReader(stream);
        var json = await reader.ReadToEndAsync(ct);
        try
        {
            return FairnessReportMeasurements.Read(json, $"evidence {report.Id}", report.Id);
        }
        catch (FormatException)
        {
            // A fairness_report that is not an Attest report JSON (e.g. an uploaded PDF) measures nothing.
            return [];
        }
    }
}
