using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>A system a dashboard number stands for.</summary>
public sealed record DashboardSystemDto(string Id, string Slug, string Name);

/// <summary>One cell of the risk heat map: the risks of one likelihood and one severity (impact), and their systems.</summary>
public sealed record HeatCellDto(string Likelihood, RiskSeverity Severity, int Count, IReadOnlyList<string> RiskIds, IReadOnlyList<DashboardSystemDto> Systems);

/// <summary>
/// Likelihood × impact. <see cref="Inherent"/>: every risk on the register at its recorded rating; <see cref="Residual"/>:
/// the risks still carried after treatment — open and accepted ones (a mitigated risk is treated). Rows are the
/// likelihoods (rare … almost certain, then <c>unrated</c>), columns the severities (low … critical).
/// </summary>
public sealed record RiskHeatMapDto(IReadOnlyList<string> Likelihoods, IReadOnlyList<RiskSeverity> Severities, IReadOnlyList<HeatCellDto> Inherent,
    IReadOnlyList<HeatCellDto> Residual);

/// <summary>A date of the regulatory calendar still ahead, with the calendar it comes from; unverified calendars are flagged.</summary>
public sealed record RegulatoryDeadlineDto(CalendarMilestone Milestone, DateOnly Date, int DaysLeft, string Calendar, string CalendarTitle, bool Verified, bool InForce);

/// <summary>A review past its due day with no decision yet.</summary>
public sealed record OverdueReviewDto(string ReviewId, DashboardSystemDto System, DateOnly DueOn, int DaysOverdue);

/// <summary>An approved waiver (or an active evidence item) that expires within the window.</summary>
public sealed record ExpiringDto(string Id, DashboardSystemDto System, string What, DateOnly ExpiresOn, int DaysLeft);

/// <summary>The dashboard's panels beside the KPI tiles.</summary>
public sealed record DashboardPanelsView(RiskHeatMapDto HeatMap, IReadOnlyList<RegulatoryDeadlineDto> Deadlines, IReadOnlyList<OverdueReviewDto> OverdueReviews,
    IReadOnlyList<ExpiringDto> ExpiringWaivers, IReadOnlyList<ExpiringDto> ExpiringEvidence, int WindowDays, IReadOnlyList<string> SystemSlugs);

/// <summary>
/// What the dashboard shows beside its KPIs, over the systems the reader may see and the tier / business unit chosen: the
/// risk heat map (inherent and residual), the regulatory calendar's dates still ahead (every loaded calendar, the one in
/// force first; an unverified amendment flagged as its data file marks it), reviews past due, waivers and evidence that
/// expire within <see cref="WindowDays"/> days. Each entry carries its systems, so every number links to them.
/// </summary>
public sealed class GetDashboardPanels(AttestDbContext db, ComplianceData data, TimeProvider time)
{
    public const int WindowDays = 30;
    public const string Unrated = "unrated";

    public async Task<DashboardPanelsView> ExecuteAsync(ReadScope scope, string? tier, string? businessUnit, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var systemsQuery = scope.Filter(db.Systems.AsNoTracking(), s => s.Id);
        if (!string.IsNullOrWhiteSpace(tier))
            systemsQuery = tier == Engine.Kpis.KpiSegmentFilter.Unclassified ? systemsQuery.Where(s => s.Tier == null) : systemsQuery.Where(s => s.Tier == tier);
        var systems = (await systemsQuery.Select(s => new { s.Id, s.Slug, s.Name, s.BusinessUnit }).ToListAsync(ct))
            .Where(s => string.IsNullOrWhiteSpace(businessUnit) || string.Equals(s.BusinessUnit, businessUnit.Trim(), StringComparison.OrdinalIgnoreCase))
            .ToDictionary(s => s.Id, s => new DashboardSystemDto(s.Id, s.Slug, s.Name), StringComparer.Ordinal);
        var ids = systems.Keys.ToList();

        var risks = await db.Risks.AsNoTracking().Where(r => ids.Contains(r.SystemId))
            .Select(r => new { r.Id, r.SystemId, r.Severity, r.Likelihood, r.Treatment }).ToListAsync(ct);
        var likelihoods = Enum.GetValues<RiskLikelihood>().Select(l => Engine.Classification.WireName.Of(l)).Append(Unrated).ToArray();
        var severities = Enum.GetValues<RiskSeverity>();
        List<HeatCellDto> Cells(IEnumerable<(string Id, string SystemId, RiskSeverity Severity, RiskLikelihood? Likelihood)> of)
        {
            var byCell = of.ToLookup(r => (r.Likelihood is { } l ? Engine.Classification.WireName.Of(l) : Unrated, r.Severity));
            return [.. likelihoods.SelectMany(l => severities.Select(s =>
            {
                var inCell = byCell[(l, s)].OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
                return new HeatCellDto(l, s, inCell.Count, [.. inCell.Select(r => r.Id)],
                    [.. inCell.Select(r => r.SystemId).Distinct(StringComparer.Ordinal).Select(id => systems[id]).OrderBy(x => x.Name, StringComparer.OrdinalIgnoreCase)]);
            }))];
        }
        var all = risks.Select(r => (r.Id, r.SystemId, r.Severity, r.Likelihood)).ToList();
        var carried = risks.Where(r => r.Treatment != RiskTreatment.Mitigated).Select(r => (r.Id, r.SystemId, r.Severity, r.Likelihood)).ToList();
        var heat = new RiskHeatMapDto(likelihoods, severities, Cells(all), Cells(carried));

        var deadlines = data.Calendars.All
            .OrderByDescending(c => c.Name == data.Calendar.Name).ThenBy(c => c.Name, StringComparer.Ordinal)
            .SelectMany(c => c.Dates.Where(d => d.Value >= today).Select(d => new RegulatoryDeadlineDto(d.Key, d.Value, d.Value.DayNumber - today.DayNumber,
                c.Name, c.Title, c.Verified, c.Name == data.Calendar.Name)))
            .OrderBy(d => d.Date).ThenByDescending(d => d.InForce).ThenBy(d => d.Milestone).ToArray();

        var overdue = (await db.Reviews.AsNoTracking().Where(r => ids.Contains(r.SystemId) && r.Status == ReviewStatus.Open && r.DueOn < today)
                .Select(r => new { r.Id, r.SystemId, r.DueOn }).ToListAsync(ct))
            .OrderBy(r => r.DueOn).Select(r => new OverdueReviewDto(r.Id, systems[r.SystemId], r.DueOn, today.DayNumber - r.DueOn.DayNumber)).ToArray();
        var horizon = today.AddDays(WindowDays);
        var waivers = (await db.Waivers.AsNoTracking().Where(w => ids.Contains(w.SystemId) && w.State == WaiverState.Approved && w.ExpiresOn >= today && w.ExpiresOn <= horizon)
                .Select(w => new { w.Id, w.SystemId, w.ControlId, w.ExpiresOn }).ToListAsync(ct))
            .OrderBy(w => w.ExpiresOn).Select(w => new ExpiringDto(w.Id, systems[w.SystemId], w.ControlId, w.ExpiresOn, w.ExpiresOn.DayNumber - today.DayNumber)).ToArray();
        var evidence = (await db.Evidence.AsNoTracking()
                .Where(e => ids.Contains(e.SystemId) && e.Status == Evidence.EvidenceStatuses.Active && e.ValidUntil >= today && e.ValidUntil <= horizon)
                .Select(e => new { e.Id, e.SystemId, e.Type, e.FileName, e.ValidUntil }).ToListAsync(ct))
            .OrderBy(e => e.ValidUntil).ThenBy(e => e.Id, StringComparer.Ordinal)
            .Select(e => new ExpiringDto(e.Id, systems[e.SystemId], $"{e.Type}: {e.FileName}", e.ValidUntil, e.ValidUntil.DayNumber - today.DayNumber)).ToArray();
        return new DashboardPanelsView(heat, deadlines, overdue, waivers, evidence, WindowDays, [.. systems.Values.Select(s => s.Slug)]);
    }
}
