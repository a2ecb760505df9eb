using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Kpis;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Attest.Engine.Gates;
using Attest.Engine.Incidents;
using Attest.Engine.Inventory;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Reports;

/// <summary>The period of an executive report: two days (YYYY-MM-DD, inclusive); absent: the 90 days up to today.</summary>
public sealed record ExecutiveReportQuery(string? From = null, string? To = null);

/// <summary>One KPI at the end of the period, with its value at the start of the period for the trend.</summary>
public sealed record ReportKpi(KpiDto Kpi, double? StartValue)
{
    public double? Change => Kpi.Value is { } end && StartValue is { } start ? Math.Round(end - start, 3) : null;
}

/// <summary>The portfolio's posture in one internal tier (or "unclassified").</summary>
public sealed record TierPosture(string Tier, int Systems, int InProduction, int ControlsRequired, int ControlsSatisfied, int OpenRisks, int OpenIncidents, int WaiversInForce)
{
    public double? ControlCoverage => ControlsRequired == 0 ? null : Math.Round(100.0 * ControlsSatisfied / ControlsRequired, 1);
}

public sealed record ReportRisk(string Id, string System, string SystemName, string Title, RiskSeverity Severity, RiskLikelihood? Likelihood, string Owner, DateTimeOffset RecordedAt);

public sealed record ReportIncident(string Id, string System, string SystemName, string Title, IncidentSeverity Severity, bool Serious, IncidentStatus Status, DateTimeOffset AwareAt);

/// <summary>A board decision of the period.</summary>
public sealed record ReportDecision(string ReviewId, string System, string SystemName, GateStage Stage, RiskTier Tier, BoardDecision Decision, string? DecidedBy, DateTimeOffset DecidedAt, string? Rationale);

/// <summary>
/// A near miss of the period — an issue found before launch (<see cref="KpiCalculator.NearMisses"/>, the rule
/// <c>near_miss_capture</c> counts): a failed evaluation rule or a red-team category with unsafe answers in a stored
/// report, or a no-go decision.
/// </summary>
/// <param name="Kind">evaluation_rule, red_team or no_go.</param>
/// <param name="Reference">The evidence id and rule or category, or the review id.</param>
/// <param name="By">Who found it: the decision's author for a no-go, else the report's evidence.</param>
public sealed record ReportNearMiss(string Kind, string Reference, string System, string SystemName, string What, string By, DateTimeOffset At);

public sealed record ReportWaiver(string Id, string System, string SystemName, string Control, string RiskOwner, string? ApprovedBy, DateTimeOffset? ApprovedAt, DateOnly ExpiresOn);

public sealed record ReportChange(string System, string SystemName, string Candidate, string Approved, string Cause, bool LapsedApproval, DateTimeOffset AssessedAt);

/// <summary>One system of the compliance appendix: its class, tier, satisfied over required controls and the controls not satisfied.</summary>
public sealed record ReportMatrixRow(string System, string SystemName, EuAiActClass? Class, RiskTier? Tier, int Required, int Satisfied, IReadOnlyList<string> Gaps);

/// <summary>Everything an executive report says, over the systems the reader may see.</summary>
public sealed record ExecutiveReport(
    DateOnly From, DateOnly To, DateTimeOffset GeneratedAt, IReadOnlyList<ReportKpi> Kpis, IReadOnlyList<TierPosture> Posture, IReadOnlyList<ReportRisk> TopRisks,
    int OpenRisks, IReadOnlyList<ReportIncident> Incidents, IReadOnlyList<ReportNearMiss> NearMisses, IReadOnlyList<ReportDecision> Decisions,
    IReadOnlyList<ReportWaiver> WaiversGranted, IReadOnlyList<ReportChange> Changes, IReadOnlyList<ReportMatrixRow> Matrix);

/// <summary>
/// Gathers the executive report of a period: the KPIs at its end (and its start, for the trend), the posture by tier today,
/// the top open risks with their owners, the incidents the organisation became aware of in the period, the board's
/// decisions and the waivers granted in it, the material changes assessed in it (what changed since the last report) and
/// the compliance matrix. Read-only; rendered by <see cref="ExecutiveReportDocument"/>.
/// </summary>
public sealed class GetExecutiveReport(AttestDbContext db, GetKpis kpis, GetComplianceMatrix matrix, TimeProvider time)
{
    public const int DefaultDays = 90;
    public const int TopRiskCount = 10;
    public static readonly string[] Tiers = ["critical", "high", "medium", "low", "unclassified"];

    public static Result<(DateOnly From, DateOnly To)> ParsePeriod(ExecutiveReportQuery query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var errors = new FieldErrors();
        DateOnly? Day(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            errors.Add(field, $"\"{(text.Length > 40 ? text[..40] + "…" : text)}\" is not a day (YYYY-MM-DD)");
            return null;
        }
        var to = Day("to", query.To);
        var from = Day("from", query.From);
        if (errors.Any) return Result<(DateOnly, DateOnly)>.Invalid(errors.ToDictionary());
        var end = to ?? today;
        var start = from ?? end.AddDays(-(DefaultDays - 1));
        if (end > today) errors.Add("to", $"{end:yyyy-MM-dd} is in the future; a report covers days up to today ({today:yyyy-MM-dd})");
        if (start > end) errors.Add("from", $"{start:yyyy-MM-dd} is after to ({end:yyyy-MM-dd})");
        if (start < end.AddYears(-5)) errors.Add("from", "a report covers at most five years");
        return errors.Any ? Result<(DateOnly, DateOnly)>.Invalid(errors.ToDictionary()) : Result<(DateOnly, DateOnly)>.Ok((start, end));
    }

    public async Task<Result<ExecutiveReport>> ExecuteAsync(ExecutiveReportQuery query, ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var period = ParsePeriod(query, today);
        if (!period.IsOk) return period.As<ExecutiveReport>();
        var (from, to) = period.Value;
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = to == today ? now : new DateTimeOffset(to.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);

        // KPIs at the end of the period, and at the end of the day before it began for the trend.
        var atEnd = await kpis.WithFactsAsync(scope, new KpiQuery(to == today ? null : to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ct);
        if (!atEnd.IsOk) return atEnd.As<ExecutiveReport>();
        var (endReport, endFacts) = atEnd.Value;
        var atStart = await kpis.ExecuteAsync(scope, new KpiQuery(from.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ct);
        var startValues = atStart.IsOk ? atStart.Value!.Kpis.ToDictionary(k => k.Id, k => k.Value, StringComparer.Ordinal) : [];
        var reportKpis = endReport.Kpis.Select(k => new ReportKpi(k, startValues.GetValueOrDefault(k.Id))).ToArray();

        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id).Select(s => new { s.Id, s.Slug, s.Name, s.Tier, s.Stage })
            .ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        string Slug(string id) => systems.TryGetValue(id, out var s) ? s.Slug : id;
        string Name(string id) => systems.TryGetValue(id, out var s) ? s.Name : id;

        var m = await matrix.ExecuteAsync(scope, ct);
        var risks = await scope.Filter(db.Risks.AsNoTracking(), r => r.SystemId).Where(r => r.Treatment == RiskTreatment.Open).ToListAsync(ct);
        var openIncidents = await scope.Filter(db.Incidents.AsNoTracking(), i => i.SystemId).Where(i => i.Status != IncidentStatus.Closed)
            .Select(i => i.SystemId).ToListAsync(ct);
        var waivers = await scope.Filter(db.Waivers.AsNoTracking(), w => w.SystemId).ToListAsync(ct);
        var waiversInForce = waivers.Where(w => w.State == WaiverState.Approved && w.ExpiresOn >= today).Select(w => w.SystemId).ToList();

        var posture = Tiers.Select(tier =>
        {
            var ids = systems.Values.Where(s => (s.Tier ?? "unclassified") == tier).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var rows = m.Systems.Where(s => ids.Contains(s.Id)).ToList();
            return new TierPosture(tier, ids.Count, systems.Values.Count(s => ids.Contains(s.Id) && s.Stage is LifecycleStage.Deployed or LifecycleStage.Monitoring),
                rows.Sum(r => r.Required), rows.Sum(r => r.Satisfied), risks.Count(r => ids.Contains(r.SystemId)), openIncidents.Count(ids.Contains), waiversInForce.Count(ids.Contains));
        }).ToArray();

        var topRisks = risks.OrderByDescending(r => r.Severity).ThenByDescending(r => r.Likelihood ?? RiskLikelihood.Rare).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Take(TopRiskCount).Select(r => new ReportRisk(r.Id, Slug(r.SystemId), Name(r.SystemId), r.Title, r.Severity, r.Likelihood, r.Owner, r.RecordedAt)).ToArray();

        var incidents = (await scope.Filter(db.Incidents.AsNoTracking(), i => i.SystemId).Where(i => i.AwareAt >= start && i.AwareAt <= end).ToListAsync(ct))
            .OrderBy(i => i.AwareAt).ThenBy(i => i.Id, StringComparer.Ordinal)
            .Select(i => new ReportIncident(i.Id, Slug(i.SystemId), Name(i.SystemId), i.Title, i.Severity, i.Serious is not null, i.Status, i.AwareAt)).ToArray();

        var decisions = (await scope.Filter(db.Reviews.AsNoTracking(), r => r.SystemId).Where(r => r.DecidedAt != null && r.DecidedAt >= start && r.DecidedAt <= end).ToListAsync(ct))
            .Where(r => r.Decision is not null).OrderBy(r => r.DecidedAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new ReportDecision(r.Id, Slug(r.SystemId), Name(r.SystemId), r.Stage, r.Tier, r.Decision!.Value, r.DecidedBy, r.DecidedAt!.Value, r.DecisionRationale)).ToArray();

        var decidedBy = decisions.ToDictionary(d => d.ReviewId, StringComparer.Ordinal);
        var nearMisses = endFacts.SelectMany(f => KpiCalculator.NearMisses(f, start.AddTicks(-1), end).Select(n => n.Source == KpiFinding.NoGo && decidedBy.TryGetValue(n.Reference, out var d)
                ? new ReportNearMiss(n.Source, n.Reference, Slug(f.SystemId), Name(f.SystemId), d.Rationale ?? "no-go at " + WireName.Of(d.Stage), "no-go by " + (d.DecidedBy ?? "—"), n.FoundAt)
                : new ReportNearMiss(n.Source, n.Reference, Slug(f.SystemId), Name(f.SystemId), n.Detail, "report " + n.Reference.Split('#')[0], n.FoundAt)))
            .OrderBy(n => n.At).ThenBy(n => n.Reference, StringComparer.Ordinal).ToArray();

        var granted = waivers.Where(w => w.ApprovedAt is { } at && at >= start && at <= end).OrderBy(w => w.ApprovedAt).ThenBy(w => w.Id, StringComparer.Ordinal)
            .Select(w => new ReportWaiver(w.Id, Slug(w.SystemId), Name(w.SystemId), w.ControlId, w.RiskOwner, w.ApprovedBy, w.ApprovedAt, w.ExpiresOn)).ToArray();

        var changes = (await scope.Filter(db.MaterialChanges.AsNoTracking(), c => c.SystemId).Where(c => c.Material && c.AssessedAt >= start && c.AssessedAt <= end).ToListAsync(ct))
            .OrderBy(c => c.AssessedAt).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new ReportChange(Slug(c.SystemId), Name(c.SystemId), c.CandidateLabel, c.ApprovedLabel, c.Cause, c.LapsedApproval, c.AssessedAt)).ToArray();

        var appendix = m.Systems.Select(s => new ReportMatrixRow(s.Slug, s.Name, s.EffectiveClass, s.Tier, s.Required, s.Satisfied,
            [.. s.Statuses.Where(x => x.Value != ControlStatus.Satisfied && x.Value != ControlStatus.NotApplicable).Select(x => x.Key).Order(StringComparer.Ordinal)])).ToArray();

        return Result<ExecutiveReport>.Ok(new ExecutiveReport(from, to, now, reportKpis, posture, topRisks, risks.Count, incidents, nearMisses, decisions, granted, changes, appendix));
    }
}
