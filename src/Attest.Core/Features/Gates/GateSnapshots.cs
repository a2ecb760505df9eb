using Attest.Core.Data;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Gates;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Reads what a gate looks at for one system (and model version) from the database: the impure half of the gate
/// (<see cref="GateSnapshot.FactsOn"/> and <see cref="GateEvaluator"/> are the pure half). Shared by the live gate
/// and the exported bundle, so both decide from the same facts.
/// </summary>
internal static class GateSnapshots
{
    /// <param name="required">The controls the system's classification requires.</param>
    /// <param name="allValidEvaluations">
    /// True: every fairness report valid on <paramref name="today"/> (a bundle, evaluated on later days, needs the
    /// ones still valid then); false: only the newest, the one the gate judges today.
    /// </param>
    public static async Task<GateSnapshot> ReadAsync(AttestDbContext db, BlobStore blobs, AiSystem system, ModelVersion? version,
        IReadOnlyList<Control> required, IReadOnlyList<RequiredSignOff> requiredSignOffs, DateOnly today, bool allValidEvaluations, CancellationToken ct)
    {
        var statuses = await db.ControlStatuses.AsNoTracking().Where(s => s.SystemId == system.Id).ToDictionaryAsync(s => s.ControlId, s => s.Status, ct);
        var active = (await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id && e.Status == EvidenceStatuses.Active).ToListAsync(ct))
            .OrderBy(e => e.ProducedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        // Only systems with evidence need their current model version looked up (as the controls page does).
        var current = active.Count == 0 ? null : await SystemEvidenceFacts.CurrentModelVersionAsync(db, system.Id, ct);

        var candidates = active
            .Where(e => e.Type == "fairness_report" && e.ValidUntil >= today
                && (e.ModelVersionIds.Count == 0 || version is null || e.ModelVersionIds.Contains(version.Id)))
            .OrderByDescending(e => e.ProducedAt).ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .Take(allValidEvaluations ? int.MaxValue : 1);
        var evaluations = new List<SnapshotEvaluation>();
        foreach (var report in candidates)
            evaluations.Add(new SnapshotEvaluation(report.Id, report.ProducedAt, report.ValidUntil, await MeasurementsAsync(blobs, report, ct)));
        var redTeamReports = await RedTeam.RedTeamEvidence.ReportsAsync(blobs, active, version?.Id, today, allValidEvaluations, ct);

        // Sign-offs of the latest review of each transition (for this model version when one is named); a review whose
        // approval lapsed after a material change no longer counts.
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.SignOffs)
            .Where(r => r.SystemId == system.Id && r.LapsedAt == null && (version == null || r.ModelVersionId == version.Id)).ToListAsync(ct);
        var signOffs = reviews.GroupBy(r => r.Stage).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<SignOffFact>)ReviewViews.Ordered(g.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Last().SignOffs)
                .Select(s => new SignOffFact(s.Specialty, s.Decision, s.SignedBy)).ToArray());
        if (version is not null && await CoveringApprovalAsync(db, version, ct) is { } covering && !signOffs.ContainsKey(covering.Stage))
            signOffs[covering.Stage] = ReviewViews.Ordered(covering.SignOffs)
                .Select(s => new SignOffFact(s.Specialty, s.Decision, $"{s.SignedBy} (carried over from {covering.Id} of {covering.ModelVersionLabel}: {version.Label} is not a material change)"))
                .ToArray();
        var waivers = await db.Waivers.AsNoTracking()
            .Where(w => w.SystemId == system.Id && (w.ModelVersionId == null || (version != null && w.ModelVersionId == version.Id))).ToListAsync(ct);
        // Risks of this model version or of the system as a whole (all of them when no version is named); every incident.
        var risks = await db.Risks.AsNoTracking()
            .Where(r => r.SystemId == system.Id && (version == null || r.ModelVersionId == null || r.ModelVersionId == version.Id)).ToListAsync(ct);
        var incidents = await db.Incidents.AsNoTracking().Where(i => i.SystemId == system.Id).ToListAsync(ct);

        return new GateSnapshot
        {
            System = system.Slug,
            ModelVersion = version?.Label,
            CurrentModelVersionId = current,
            Controls = required.Select(c => new SnapshotControl(c.Id, c.Title, statuses.GetValueOrDefault(c.Id, ControlStatus.NotStarted),
                c.Mappings.Select(m => m.ToString()).ToArray(), c.EvidenceTypes, c.RenewalMonths)).ToArray(),
            Evidence = active.Select(e => new SnapshotEvidence(e.Id, e.Type, e.Controls, e.ModelVersionIds, e.ProducedAt, e.ValidUntil, e.Sha256)).ToArray(),
            Evaluations = evaluations,
            RedTeamReports = redTeamReports,
            RequiredSignOffs = requiredSignOffs,
            SignOffs = signOffs,
            Waivers = waivers.OrderBy(w => w.ExpiresOn).ThenBy(w => w.Id, StringComparer.Ordinal)
                .Select(w => new WaiverFact(w.Id, w.ControlId, w.State, w.ExpiresOn)).ToArray(),
            Risks = risks.OrderBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => new RiskFact(r.Id, r.Title, r.Severity, r.Treatment, r.ControlId)).ToArray(),
            Incidents = incidents.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id, StringComparer.Ordinal)
                .Select(i => new IncidentFact(i.Id, i.Title, i.Severity, i.Status != IncidentStatus.Closed)).ToArray(),
        };
    }

    /// <summary>
    /// A version whose latest material-change assessment found nothing material is covered by the approval it was
    /// compared with, while that approval has not lapsed: its sign-offs carry over to that approval's transition.
    /// </summary>
    private static async Task<Review?> CoveringApprovalAsync(AttestDbContext db, ModelVersion version, CancellationToken ct)
    {
        var latest = await db.MaterialChanges.AsNoTracking().Where(m => m.ModelVersionId == version.Id)
            .OrderByDescending(m => m.AssessedAt).ThenByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        // Only the approval in force covers: a newer approval of another version replaces it.
        if (latest is null || latest.Material || (await ApprovalsInForce.LatestAsync(db, version.SystemId, ct))?.Id != latest.ApprovedReviewId)
            return null;
        return await db.Reviews.AsNoTracking().Include(r => r.SignOffs)
            .FirstOrDefaultAsync(r => r.Id == latest.ApprovedReviewId && r.LapsedAt == null, ct);
    }

    /// <summary>The measurements of a stored fairness report; none when its content is missing or not an Attest report JSON (e.g. an uploaded PDF).</summary>
    private static async Task<IReadOnlyList<EvaluationMeasurement>> MeasurementsAsync(BlobStore blobs, EvidenceItem report, CancellationToken ct)
    {
        if (!blobs.Exists(report.Sha256)) return [];
        await using var stream = blobs.OpenRead(report.Sha256);
        using var reader = new StreamReader(stream);
        var json = await reader.ReadToEndAsync(ct);
        try
        {
            return FairnessReportMeasurements.Read(json, $"evidence {report.Id}", report.Id);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
