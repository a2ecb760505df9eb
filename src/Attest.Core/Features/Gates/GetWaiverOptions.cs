using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

/// <summary>The choices of a waiver request form: the same rules <see cref="RequestWaiver"/> enforces, offered up front.</summary>
public sealed class GetWaiverOptions(AttestDbContext db, ComplianceData compliance, GateData gates, TimeProvider time)
{
    public async Task<Result<WaiverOptionsView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<WaiverOptionsView>.NotFound($"No AI system '{idOrSlug}'.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var versions = (await db.ModelVersions.AsNoTracking().Where(v => v.SystemId == system.Id).ToListAsync(ct))
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal).Select(v => v.Label).ToArray();
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null || !latest.IsComplete)
            return Result<WaiverOptionsView>.Ok(new WaiverOptionsView(system.Id, system.Slug, system.Name, null, null, today, null, [], versions));

        var controls = (await RequiredControls.OfAsync(db, compliance, system.Id, latest, ct)).Select(c => new WaiverControlOption(c.Id, c.Title)).ToArray();
        var maxDays = gates.PolicyFor(latest.Tier).WaiverMaxDays;
        return Result<WaiverOptionsView>.Ok(new WaiverOptionsView(system.Id, system.Slug, system.Name, latest.Tier, maxDays, today,
            today.AddDays(maxDays), controls, versions));
    }
}
