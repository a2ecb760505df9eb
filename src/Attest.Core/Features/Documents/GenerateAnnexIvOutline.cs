using System.Globalization;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Documents;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Documents;

/// <summary>
/// An outline of the EU AI Act Annex IV technical documentation of a (high-risk) system: its nine points,
/// each filled where the inventory, the ledger or active evidence holds the information, else marked missing
/// with the evidence that would fill it.
/// </summary>
public sealed class GenerateAnnexIvOutline(AttestDbContext db, GetSystem getSystem, BlobStore blobs, TimeProvider time)
{
    public async Task<Result<GeneratedDocument>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var found = await getSystem.ExecuteAsync(systemIdOrSlug, ct);
        if (!found.IsOk) return found.As<GeneratedDocument>();
        var s = found.Value!;
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var latest = await ClassificationRecords.LatestAsync(db, s.Id, ct);
        var active = await db.Evidence.AsNoTracking().Where(e => e.SystemId == s.Id && e.Status == EvidenceStatuses.Active && e.ValidUntil >= today).ToListAsync(ct);
        var current = await SystemEvidenceFacts.CurrentModelVersionAsync(db, s.Id, ct);
        var fairness = current is null ? null : await StoredFairness.LatestAsync(db, blobs, s.Id, current, ct);
        var changes = await db.Ledger.CountAsync(e => e.Subject == "system:" + s.Id, ct);

        var sections = new List<DocumentSection>
        {
            new("general_description", "1. General description of the AI system", !string.IsNullOrWhiteSpace(s.IntendedUse) && s.Models.Count > 0,
                $"Intended purpose: {Text(s.IntendedUse ?? s.Purpose)}\n\n- Provider contact: {Text(s.BusinessOwner)} ({Text(s.BusinessUnit)})\n- Versions: " +
                (s.Models.Count == 0 ? "none recorded" : string.Join(", ", s.Models.Select(m => $"`{m.Name}@{m.Version}`"))) +
                $"\n- Deployment surfaces: {List(s.DeploymentSurfaces)}" + Evidence(active, "instructions_for_use", "Instructions for use")),
            new("development", "2. Elements of the system and its development", s.Models.Count > 0 && s.Datasets.Count > 0,
                (s.Datasets.Count == 0 ? "Training data not recorded." : "Training data: " + string.Join(", ", s.Datasets.Select(d => $"{Text(d.Name)} (`{d.Slug}`)")) + ".") +
                Evidence(active, "human_oversight_design", "Human oversight measures") + Evidence(active, "test_report", "Validation and testing")),
            new("monitoring_functioning", "3. Monitoring, functioning and control", fairness is not null,
                fairness is null ? "accuracy for the persons or groups the system is used on: store a fairness report."
                : $"Accuracy overall {Num(fairness.Overall.GetValueOrDefault("accuracy", double.NaN))} on n = {fairness.N.ToString(CultureInfo.InvariantCulture)}; per group: " +
                  string.Join("; ", fairness.Features.SelectMany(f => f.Groups.Where(g => g.Metrics.ContainsKey("accuracy")).Select(g => $"{Text(f.Name)}={Text(g.Name)} {Num(g.Metrics["accuracy"])}"))) +
                  $" (evidence `{fairness.EvidenceId}`)."),
            new("performance_metrics", "4. Appropriateness of the performance metrics", fairness is not null,
                fairness is null ? "the metrics used and why they suit the system: store a fairness report."
                : "Metrics reported: " + string.Join(", ", fairness.Overall.Keys.Where(k => k != "count")) + "."),
            Required(active, "risk_management", "5. Risk management system (Art 9)", "risk_assessment"),
            new("lifecycle_changes", "6. Relevant changes over the lifecycle", changes > 0,
                $"{changes.ToString(CultureInfo.InvariantCulture)} recorded changes in the ledger (GET /api/v1/systems/{s.Slug}/history)."),
            new("standards", "7. Harmonised standards and other specifications applied", false, "the harmonised standards or common specifications applied, written by the provider."),
            Required(active, "declaration_of_conformity", "8. EU declaration of conformity", "conformity_declaration"),
            Required(active, "post_market_monitoring", "9. Post-market monitoring plan (Art 72)", "monitoring_plan"),
        };
        var highRisk = latest?.EffectiveClass == EuAiActClass.HighRisk;
        var subtitle = latest is null ? "Not classified yet: Annex IV applies to high-risk systems."
            : highRisk ? "High-risk system: Annex IV technical documentation (Art 11)."
            : $"EU AI Act class {WireName.Of(latest.EffectiveClass).Replace('_', ' ')}: Annex IV is not required; this outline is for reference.";
        var narrative = await DocumentNarratives.TextsAsync(db, DocumentKind.AnnexIv.Id, s.Id, ct);
        return Result<GeneratedDocument>.Ok(new GeneratedDocument("annex_iv", $"Annex IV technical documentation: {Text(s.Name)}", subtitle, sections, null,
            $"Generated by Attest on {today:yyyy-MM-dd}; an outline filled from the records, not the complete documentation.").WithNarratives(narrative));
    }

    private static DocumentSection Required(IReadOnlyList<EvidenceItem> active, string id, string title, string type)
    {
        var items = active.Where(e => e.Type == type).ToArray();
        return new DocumentSection(id, title, items.Length > 0,
            items.Length == 0 ? $"evidence of type {type}." : string.Join("\n", items.Select(e => $"- {Text(e.FileName)} (evidence `{e.Id}`, valid until {e.ValidUntil:yyyy-MM-dd})")));
    }

    private static string Evidence(IReadOnlyList<EvidenceItem> active, string type, string label)
    {
        var items = active.Where(e => e.Type == type).ToArray();
        return items.Length == 0 ? "" : new StringBuilder("\n- ").Append(label).Append(": ").Append(string.Join(", ", items.Select(e => $"{Text(e.FileName)} (`{e.Id}`)"))).ToString();
    }

    private static string Num(double v) => double.IsNaN(v) ? "not reported" : FairnessEvidence.Format(v);

    private static string Text(string value) => value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string List(IReadOnlyList<string> values) => values.Count == 0 ? "none recorded" : Text(string.Join(", ", values));
}
