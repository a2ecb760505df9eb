using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

public sealed record ModelVersionOversight(string ModelVersion, int Decisions, int HumanReview, double? HumanReviewRate, int Ungoverned, int Resolved, int Overridden, double? OverrideRate);

public sealed record RuleOversight(string Rule, int Fired, int Resolved, int Overridden, double? OverrideRate);

public sealed record ReviewerOversight(string Reviewer, string Name, int Resolved, int Confirmed, int Overridden, double AgreementRate, double? MedianReviewSeconds, int UnclaimedResolutions, bool RubberStampSignal);

public sealed record OverrideDirection(string From, string To, int Count);

public sealed record DailyOversight(DateOnly Day, int Decisions, int HumanReview, int Overridden);

/// <summary>
/// Oversight analytics of one system over [from, to) by the time decisions occurred. Rates are null when there is nothing
/// to divide. SLA attainment: of the items that are resolved or past due, the share resolved by their due time. Time to
/// resolve runs from the item's creation to its resolution; review time from claim to resolution.
/// </summary>
public sealed record OversightMetrics(
    string System,
    string SystemName,
    DateTimeOffset From,
    DateTimeOffset To,
    int Decisions,
    int HumanReview,
    double? HumanReviewRate,
    int Ungoverned,
    int Resolved,
    int Confirmed,
    int Overridden,
    double? OverrideRate,
    int Open,
    int Overdue,
    int Expired,
    int Appeals,
    double? SlaAttainment,
    double? MedianTimeToResolveSeconds,
    double? P90TimeToResolveSeconds,
    IReadOnlyList<ModelVersionOversight> ByModelVersion,
    IReadOnlyList<RuleOversight> ByRule,
    IReadOnlyList<ReviewerOversight> ByReviewer,
    IReadOnlyList<OverrideDirection> OverridesByDirection,
    IReadOnlyList<DailyOversight> Daily,
    string RubberStampRule);

/// <summary>Oversight analytics of a system: by model version, rule, reviewer and day (aggregated in the database for decisions, per item for reviews).</summary>
public sealed class GetOversightMetrics(AttestDbContext db, TimeProvider time)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(800);

    public async Task<Result<OversightMetrics>> ExecuteAsync(string systemIdOrSlug, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var end = to ?? now;
        var start = from ?? end.AddDays(-30);
        var errors = new FieldErrors();
        if (end <= start) errors.Add("to", "must be after from");
        else if (end - start > MaxRange) errors.Add("from", $"the range is at most {MaxRange.TotalDays:0} days");
        if (errors.Any) return errors.ToResult<OversightMetrics>();
        var system = await db.Systems.AsNoTracking().WhereIdOrSlug(systemIdOrSlug).Select(s => new { s.Id, s.Slug, s.Name }).FirstOrDefaultAsync(ct);
        if (system is null) return Result<OversightMetrics>.NotFound($"No AI system '{systemIdOrSlug}'.");

        var decisions = db.Decisions.AsNoTracking().Where(d => d.SystemId == system.Id && d.OccurredAt >= start && d.OccurredAt < end);
        var groups = await decisions.GroupBy(d => new { d.ModelVersionLabel, d.Route, d.Ungoverned })
            .Select(g => new { g.Key.ModelVersionLabel, g.Key.Route, g.Key.Ungoverned, Count = g.Count() }).ToListAsync(ct);
        var daily = await DailyAsync(system.Id, start, end, ct);

        var items = await (
            from i in db.ReviewItems.AsNoTracking()
            join d in db.Decisions.AsNoTracking() on i.DecisionId equals d.Id
            where i.SystemId == system.Id && i.DecisionOccurredAt >= start && i.DecisionOccurredAt < end
            select new { Item = i, d.ModelVersionLabel, d.Output, d.OccurredAt }).ToListAsync(ct);
        var names = await new HistoryNamesFor(db).ActorsAsync(items.Select(i => i.Item.ResolvedBy).OfType<string>().Distinct().ToList(), ct);

        var resolved = items.Where(i => i.Item.ResolvedAt is not null).ToList();
        var overridden = resolved.Where(i => i.Item.Outcome == ReviewOutcome.Overridden).ToList();
        var states = items.Select(i => ReviewItemStates.Effective(i.Item, now)).ToList();
        var open = states.Count(ReviewItemStates.IsOpen);
        var overdue = items.Count(i => ReviewItemStates.IsOpen(ReviewItemStates.Effective(i.Item, now)) && i.Item.DueAt <= now);
        var expired = states.Count(s => s == ReviewItemState.Expired);
        var judged = resolved.Count + overdue + expired;
        var attained = resolved.Count(i => i.Item.ResolvedAt <= i.Item.DueAt);
        var resolveSeconds = resolved.Select(i => (i.Item.ResolvedAt!.Value - i.Item.CreatedAt).TotalSeconds).ToList();

        var total = groups.Sum(g => g.Count);
        var review = groups.Where(g => g.Route == DecisionRoute.HumanReview).Sum(g => g.Count);
        var byVersion = groups.GroupBy(g => g.ModelVersionLabel).Select(g =>
        {
            var n = g.Sum(x => x.Count);
            var h = g.Where(x => x.Route == DecisionRoute.HumanReview).Sum(x => x.Count);
            var res = resolved.Count(i => i.ModelVersionLabel == g.Key);
            var ov = overridden.Count(i => i.ModelVersionLabel == g.Key);
            return new ModelVersionOversight(g.Key, n, h, Rate(h, n), g.Where(x => x.Ungoverned).Sum(x => x.Count), res, ov, Rate(ov, res));
        }).OrderByDescending(v => v.Decisions).ThenBy(v => v.ModelVersion, StringComparer.Ordinal).ToList();
        var byRule = items.SelectMany(i => IngestDecisions.Reasons(i.Item.ReasonsJson).Select(r => (Rule: r, i.Item))).GroupBy(x => x.Rule, StringComparer.Ordinal)
            .Select(g =>
            {
                var res = g.Count(x => x.Item.ResolvedAt is not null);
                var ov = g.Count(x => x.Item.Outcome == ReviewOutcome.Overridden);
                return new RuleOversight(g.Key, g.Count(), res, ov, Rate(ov, res));
            }).OrderByDescending(r => r.Fired).ThenBy(r => r.Rule, StringComparer.Ordinal).ToList();
        var reviewers = OversightStatistics.ByReviewer(resolved.Select(i => new ResolvedReview(i.Item.ResolvedBy!, i.Item.Outcome == ReviewOutcome.Overridden,
                (i.Item.ResolvedAt!.Value - i.Item.CreatedAt).TotalSeconds,
                i.Item.ReviewStartedAt is { } started ? (i.Item.ResolvedAt!.Value - started).TotalSeconds : null, i.Item.ResolvedAt <= i.Item.DueAt)))
            .Select(r => new ReviewerOversight(r.Reviewer, names.GetValueOrDefault(r.Reviewer, r.Reviewer), r.Resolved, r.Confirmed, r.Overridden, r.AgreementRate,
                r.MedianReviewSeconds, r.UnclaimedResolutions, r.RubberStampSignal)).ToList();
        var directions = overridden.GroupBy(i => (From: i.Output, To: i.Item.FinalOutput ?? ""))
            .Select(g => new OverrideDirection(g.Key.From, g.Key.To, g.Count())).OrderByDescending(d => d.Count).ThenBy(d => d.From, StringComparer.Ordinal).ThenBy(d => d.To, StringComparer.Ordinal).ToList();
        var overriddenByDay = overridden.GroupBy(i => DateOnly.FromDateTime(i.OccurredAt.UtcDateTime)).ToDictionary(g => g.Key, g => g.Count());
        var days = daily.Select(d => d with { Overridden = overriddenByDay.GetValueOrDefault(d.Day) }).ToList();

        return Result<OversightMetrics>.Ok(new OversightMetrics(system.Slug, system.Name, start, end, total, review, Rate(review, total),
            groups.Where(g => g.Ungoverned).Sum(g => g.Count), resolved.Count, resolved.Count - overridden.Count, overridden.Count, Rate(overridden.Count, resolved.Count),
            open, overdue, expired, items.Count(i => i.Item.AppealReason is not null), Rate(attained, judged),
            OversightStatistics.Percentile(resolveSeconds, 50), OversightStatistics.Percentile(resolveSeconds, 90),
            byVersion, byRule, reviewers, directions, days,
            $"at least {OversightStatistics.RubberStampMinimumReviews} resolutions, agreement ≥ {OversightStatistics.RubberStampAgreement:P0} and a median review ≤ {OversightStatistics.RubberStampMedianSeconds:0} s"));
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;

    // Decisions per day and route, counted by the database.
    private async Task<List<DailyOversight>> DailyAsync(string systemId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
    {
        List<DayCount> rows;
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            rows = await db.Database.SqlQuery<DayCount>($"""
                SELECT "OccurredAt" / {TimeSpan.TicksPerDay} AS "Day", "Route" AS "Route", COUNT(*) AS "Count"
                FROM decisions WHERE "SystemId" = {systemId} AND "OccurredAt" >= {start.UtcTicks} AND "OccurredAt" < {end.UtcTicks}
                GROUP BY 1, 2
                """).ToListAsync(ct);
        }
        else
        {
            rows = await db.Database.SqlQuery<DayCount>($"""
                SELECT (EXTRACT(EPOCH FROM date_trunc('day', "OccurredAt" AT TIME ZONE 'UTC'))::bigint / 86400 + 719162) AS "Day", "Route" AS "Route", COUNT(*)::int AS "Count"
                FROM decisions WHERE "SystemId" = {systemId} AND "OccurredAt" >= {start} AND "OccurredAt" < {end}
                GROUP BY 1, 2
                """).ToListAsync(ct);
        }
        return rows.GroupBy(r => r.Day).OrderBy(g => g.Key)
            .Select(g => new DailyOversight(DateOnly.FromDayNumber((int)g.Key), g.Sum(r => r.Count), g.Where(r => r.Route == "human_review").Sum(r => r.Count), 0))
            .ToList();
    }

}

/// <summary>A row of the per-day count (read by raw SQL: the providers group by day differently).</summary>
internal sealed class DayCount
{
    public long Day { get; set; }
    public string Route { get; set; } = "";
    public int Count { get; set; }
}
