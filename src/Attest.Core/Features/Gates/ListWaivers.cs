using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>
/// Waivers of one system or of the whole portfolio, in the order an approver works through them: requests awaiting a
/// decision first, then approved waivers still in force, soonest expiry first; expired and rejected ones last.
/// </summary>
public sealed class ListWaivers(AttestDbContext db, ComplianceData compliance, TimeProvider time)
{
    public async Task<Result<IReadOnlyList<WaiverView>>> ExecuteAsync(WaiverQuery query, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(scope);
        var waivers = scope.Filter(db.Waivers.AsNoTracking(), w => w.SystemId);
        if (query.System is not null)
        {
            var system = await db.FindSystemAsync(query.System, ct);
            if (system is null || !scope.Includes(system.Id))
                return Result<IReadOnlyList<WaiverView>>.NotFound($"No AI system '{query.System}'.");
            waivers = waivers.Where(w => w.SystemId == system.Id);
        }
        if (query.State is { } state)
            waivers = waivers.Where(w => w.State == state);
        var rows = await waivers.ToListAsync(ct);

        var systemIds = rows.Select(w => w.SystemId).Distinct().ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, ct);
        var versionIds = rows.Where(w => w.ModelVersionId != null).Select(w => w.ModelVersionId!).Distinct().ToList();
        var versions = await db.ModelVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, ct);
        var titles = compliance.Library.Controls.ToDictionary(c => c.Id, c => c.Title, StringComparer.Ordinal);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

        return Result<IReadOnlyList<WaiverView>>.Ok(rows
            .Select(w =>
            {
                var system = systems[w.SystemId];
                var standing = WaiverStanding.Of(w.State, w.ExpiresOn, today);
                return new WaiverView(w.Id, w.SystemId, system.Slug, system.Name,
                    w.ModelVersionId is null ? null : versions.GetValueOrDefault(w.ModelVersionId)?.Label,
                    w.ControlId, titles.GetValueOrDefault(w.ControlId), w.Justification, w.CompensatingControls, w.RiskOwner,
                    w.ExpiresOn, standing.DaysToExpiry, standing.Expired, w.State, w.RequestedBy, w.RequestedAt, w.ApprovedBy, w.ApprovedAt,
                    w.RejectedBy, w.RejectedAt, w.RejectionReason, w.Version, standing);
            })
            .OrderBy(Rank).ThenBy(w => w.ExpiresOn).ThenBy(w => w.Id, StringComparer.Ordinal)
            .ToArray());
    }

    private static int Rank(WaiverView w) => (w.State, w.Expired) switch
    {
        (WaiverState.Requested, false) => 0,
        (WaiverState.Approved, false) => 1,
        _ => 2,
    };
}
