using Attest.Core.Common;
using Attest.Core.Compliance;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Gates;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Evaluates a system's release gate for a lifecycle transition: gathers the facts from the database
/// (classification tier, required controls and their statuses, routed sign-offs), asks the Engine to
/// decide, and returns the verdict. Reads only; nothing is recorded.
/// </summary>
public sealed class EvaluateGate(AttestDbContext db, ComplianceData compliance, GateData gates, TimeProvider time)
{
    public async Task<Result<GateReport>> ExecuteAsync(string idOrSlug, string? modelVersion, GateStage stage, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<GateReport>.NotFound($"No AI system '{idOrSlug}'.");
        string? versionLabel = null;
        if (modelVersion is not null)
        {
            var versions = await db.ModelVersions.AsNoTracking().Where(v => v.SystemId == system.Id).ToListAsync(ct);
            var matches = versions.Where(v => v.Id == modelVersion || v.Version == modelVersion || v.Label == modelVersion).ToList();
            if (matches.Count == 0)
                return Result<GateReport>.Invalid("model_version",
                    $"AI system '{system.Slug}' has no model version '{modelVersion}'" + (versions.Count == 0 ? " (it has none)." : $"; it has {string.Join(", ", versions.Select(v => v.Label).Order(StringComparer.Ordinal))}."));
            if (matches.Count > 1)
                return Result<GateReport>.Invalid("model_version", $"'{modelVersion}' matches {string.Join(", ", matches.Select(v => v.Label))}; give name@version.");
            versionLabel = matches[0].Label;
        }
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null)
            return Result<GateReport>.Conflict($"AI system '{system.Slug}' has not been classified yet: answer its intake first, so the gate knows its tier and required controls.");

        var tier = latest.Document.Tier;
        var gate = gates.Catalog.For(stage, tier)
            ?? throw new InvalidOperationException($"The gate catalog has no {WireName.Of(stage)} gate for tier {WireName.Of(tier)}.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var statuses = await db.ControlStatuses.AsNoTracking().Where(s => s.SystemId == system.Id).ToDictionaryAsync(s => s.ControlId, s => s.Status, ct);
        var controls = GetSystemControls.RequiredControls(compliance.Library, latest)
            .Select(c => new ControlFact(c.Id, c.Title, statuses.GetValueOrDefault(c.Id, ControlStatus.NotStarted),
                c.Mappings.Select(m => m.ToString()).ToArray(), c.EvidenceTypes, c.RenewalMonths))
            .ToArray();
        var facts = new GateFacts
        {
            System = system.Slug,
            ModelVersion = versionLabel,
            Today = today,
            Controls = controls,
            RequiredSignOffs = latest.Document.Review.Select(r => new RequiredSignOff(r.Reviewer, r.Reason)).ToArray(),
        };
        var result = GateEvaluator.Evaluate(gate, facts);
        return Result<GateReport>.Ok(GateReport.From(system.Id, tier, gate, result, today));
    }
}
