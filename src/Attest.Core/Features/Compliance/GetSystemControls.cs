using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// A system's required controls — those its latest classification lists, as found in the library in
/// force — with the status of each, the framework requirements each covers, and coverage per framework.
/// </summary>
public sealed class GetSystemControls(AttestDbContext db, ComplianceData data, TimeProvider time)
{
    public async Task<Result<SystemControlsView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemControlsView>.NotFound($"No AI system '{idOrSlug}'.");
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null || !latest.IsComplete)
            return Result<SystemControlsView>.Ok(new SystemControlsView(system.Id, system.Slug, system.Name, false, latest?.EffectiveClass, null, [], [],
                latest?.Missing ?? []));

        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        var required = overlay.Required(system.Id, latest);
        var rows = await db.ControlStatuses.AsNoTracking().Where(s => s.SystemId == system.Id).ToDictionaryAsync(s => s.ControlId, ct);
        // The status shown is the control's standing: recorded status, evidence freshness and waivers (ControlStandings).
        var standings = (await ControlStandings.ForSystemsAsync(db, new Dictionary<string, IReadOnlyList<Control>> { [system.Id] = required },
            Evidence.EvidenceOverlay.Today(time), ct))[system.Id];
        var controls = required.Select(c =>
        {
            var row = rows.GetValueOrDefault(c.Id);
            var standing = standings[c.Id];
            var verdict = standing.Evidence;
            return new SystemControlDto(c.Id, c.Title, c.Objective, c.Group.Title, c.EvidenceTypes, c.RenewalMonths,
                standing.Status, row?.Note, row?.UpdatedBy, row?.UpdatedAt, row?.Version ?? 0,
                ControlViews.Requirements(c, overlay.Library), standing.Recorded, verdict.State, verdict.ValidUntil, verdict.Reason,
                standing.WaiverInForce?.WaiverId ?? standing.ExpiredWaiver?.WaiverId, standing.WaiverInForce?.ExpiresOn ?? standing.ExpiredWaiver?.ExpiresOn,
                standing.ExpiredWaiver is not null);
        }).ToArray();
        var statuses = controls.ToDictionary(c => c.ControlId, c => c.Status, StringComparer.Ordinal);
        return Result<SystemControlsView>.Ok(new SystemControlsView(system.Id, system.Slug, system.Name, true, latest.EffectiveClass,
            latest.Document.ControlLibrary.Version, controls, ControlViews.Coverage(overlay.Library, required, statuses)));
    }
}
