using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Controls;
using Attest.Engine.Evidence;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Evidence;

/// <summary>One required control and its evidence: satisfied (fresh), stale, or missing.</summary>
public sealed record ControlEvidenceDto(
    string ControlId, string Title, IReadOnlyList<string> EvidenceTypes, int RenewalMonths, EvidenceState State,
    IReadOnlyList<string> Evidence, DateOnly? ValidUntil, bool ExpiringSoon, string? Reason);

/// <summary>
/// A system's evidence position: each required control's state, the evidence completeness score (share of
/// required controls with fresh evidence), and the controls that are stale or expire soon.
/// </summary>
public sealed record SystemEvidenceView(
    string SystemId, string SystemSlug, string SystemName, bool Classified, string? CurrentModelVersion, DateOnly Today,
    double? Completeness, int Required, int Satisfied, IReadOnlyList<ControlEvidenceDto> Controls,
    IReadOnlyList<string> Stale, IReadOnlyList<string> ExpiringSoon);

/// <summary>Freshness of a system's evidence, per required control, today (by the injected clock).</summary>
public sealed class GetSystemEvidenceStatus(AttestDbContext db, ComplianceData data, TimeProvider time)
{
    public async Task<Result<SystemEvidenceView>> ExecuteAsync(string systemIdOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(systemIdOrSlug, ct);
        if (system is null) return Result<SystemEvidenceView>.NotFound($"No AI system '{systemIdOrSlug}'.");
        return Result<SystemEvidenceView>.Ok(await ForSystemAsync(db, data, system, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), ct));
    }

    internal static async Task<SystemEvidenceView> ForSystemAsync(AttestDbContext db, ComplianceData data, AiSystem system, DateOnly today, CancellationToken ct)
    {
        var required = await SystemEvidenceFacts.RequiredControlsAsync(db, data, system.Id, ct);
        var current = await SystemEvidenceFacts.CurrentModelVersionAsync(db, system.Id, ct);
        var facts = (await db.Evidence.AsNoTracking().Where(e => e.SystemId == system.Id && e.Status == EvidenceStatuses.Active).ToListAsync(ct))
            .Select(e => e.ToFacts()).ToArray();
        // Unclassified: no required controls yet; show the controls its evidence names, without a score.
        var controls = required ?? data.Library.Controls.Where(c => facts.Any(f => f.Controls.Contains(c.Id))).ToArray();
        var verdicts = controls.Select(c => (Control: c, Verdict: EvidenceFreshness.Evaluate(c.Id, facts, current, today))).ToArray();
        var rows = verdicts.Select(v => new ControlEvidenceDto(v.Control.Id, v.Control.Title, v.Control.EvidenceTypes, v.Control.RenewalMonths,
            v.Verdict.State, v.Verdict.ValidEvidence, v.Verdict.ValidUntil, v.Verdict.ExpiringSoon, v.Verdict.Reason)).ToArray();
        var label = current is null ? null : await db.ModelVersions.Where(m => m.Id == current).Select(m => m.Name + "@" + m.Version).FirstOrDefaultAsync(ct);
        return new SystemEvidenceView(system.Id, system.Slug, system.Name, required is not null, label, today,
            required is null ? null : Math.Round(EvidenceFreshness.Completeness(verdicts.Select(v => v.Verdict).ToArray()), 4),
            rows.Length, rows.Count(r => r.State == EvidenceState.Satisfied), rows,
            rows.Where(r => r.State == EvidenceState.Stale).Select(r => r.ControlId).ToArray(),
            rows.Where(r => r.ExpiringSoon).Select(r => r.ControlId).ToArray());
    }
}

/// <summary>One system's line in the portfolio's evidence view.</summary>
public sealed record PortfolioEvidenceLine(string SystemId, string SystemSlug, string SystemName, double? Completeness, int Required, int Satisfied,
    IReadOnlyList<string> Stale, IReadOnlyList<ControlEvidenceDto> ExpiringSoon);

/// <summary>Every system's evidence completeness, and the stale and soon-expiring controls across the portfolio.</summary>
public sealed class GetPortfolioEvidenceStatus(AttestDbContext db, ComplianceData data, TimeProvider time)
{
    public async Task<IReadOnlyList<PortfolioEvidenceLine>> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id).ToListAsync(ct);
        var lines = new List<PortfolioEvidenceLine>();
        foreach (var system in systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Slug, StringComparer.Ordinal))
        {
            var view = await GetSystemEvidenceStatus.ForSystemAsync(db, data, system, today, ct);
            lines.Add(new PortfolioEvidenceLine(system.Id, system.Slug, system.Name, view.Completeness, view.Required, view.Satisfied, view.Stale,
                view.Controls.Where(c => c.ExpiringSoon).OrderBy(c => c.ValidUntil).ToArray()));
        }
        return lines;
    }
}
