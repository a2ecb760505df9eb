using Attest.Core.Data;
using Attest.Core.Evidence;
using Attest.Core.Features.Evidence;
using Attest.Core.Gates;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
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

        // Sign-offs of the latest review of each transition (for this model version when one is named).
        var reviews = await db.Reviews.AsNoTracking().Include(r => r.SignOffs)
            .Where(r => r.SystemId == system.Id && (version == null || r.ModelVersionId == version.Id)).ToListAsync(ct);
        var signOffs = reviews.GroupBy(r => r.Stage).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<SignOffFact>)ReviewViews.Ordered(g.OrderBy(r => r.RequestedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Last().SignOffs)
                .Select(s => new SignOffFact(s.Specialty, s.Decision, s.SignedBy)).ToArray());
        var waivers = await db.Waivers.AsNoTracking()
            .Where(w => w.SystemId == system.Id && (w.ModelVersionId == null || (version != null && w.ModelVersionId == version.Id))).ToListAsync(ct);

        return new GateSnapshot
        {
            System = system.Slug,
            ModelVersion = version?.Label,
            CurrentModelVersionId = current,
            Controls = required.Select(c => new SnapshotControl(c.Id, c.Title, statuses.GetValueOrDefault(c.Id, ControlStatus.NotStarted),
                c.Mappings.Select(m => m.ToString()).ToArray(), c.EvidenceTypes, c.RenewalMonths)).ToArray(),
            Evidence = active.Select(e => new SnapshotEvidence(e.Id, e.Type, e.Controls, e.ModelVersionIds, e.ProducedAt, e.ValidUntil)).ToArray(),
            Evaluations = evaluations,
            RequiredSignOffs = requiredSignOffs,
            SignOffs = signOffs,
            Waivers = waivers.OrderBy(w => w.ExpiresOn).ThenBy(w => w.Id, StringComparer.Ordinal)
                .Select(w => new WaiverFact(w.Id, w.ControlId, w.State, w.ExpiresOn)).ToArray(),
        };
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
