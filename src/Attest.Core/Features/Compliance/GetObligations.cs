using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;

namespace Attest.Core.Features.Compliance;

/// <summary>A system's obligations under its latest classification: those in force today and the upcoming deadlines.</summary>
public sealed class GetObligations(AttestDbContext db, TimeProvider time, ComplianceData data)
{
    public async Task<Result<ObligationsView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<ObligationsView>.NotFound($"No AI system '{idOrSlug}'.");
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (latest is null)
            return Result<ObligationsView>.NotFound($"AI system '{system.Slug}' has not been classified yet: answer its intake first.");
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var obligations = latest.Document.EuAiAct.Obligations;
        return Result<ObligationsView>.Ok(new ObligationsView(system.Id, system.Slug, today,
            ClassificationRecords.CalendarOf(data, latest.Document.EuAiAct.Calendar.Name),
            ClassificationRecords.Upcoming(latest.Document, today),
            obligations.Where(o => o.AppliesFrom <= today).ToArray()));
    }
}
