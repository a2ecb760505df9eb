using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>One day of a KPI's history: its value at the end of that day (UTC).</summary>
public sealed record KpiPointDto(DateOnly Day, double? Value, double? Numerator, double? Denominator, double? P90, KpiStatus Status);

/// <summary>A KPI's daily history between two days, from the stored snapshots; a day with no snapshot has no point.</summary>
public sealed record KpiSeriesView(string Id, string Name, KpiUnit Unit, double Target, KpiDirection Direction, DateOnly From, DateOnly To,
    string? Tier, string? BusinessUnit, IReadOnlyList<KpiPointDto> Points);

/// <summary>Every KPI's daily points (whole portfolio) between two days, by day then in the catalog's order.</summary>
public sealed record KpiHistoryView(DateOnly From, DateOnly To, IReadOnlyList<(KpiDefinition Kpi, KpiPointDto Point)> Points);

/// <summary>Which KPI, between which days (YYYY-MM-DD; default the 90 days to yesterday), over the whole portfolio, one tier or one business unit.</summary>
public sealed record KpiSeriesQuery(string? From = null, string? To = null, string? Tier = null, string? BusinessUnit = null);

/// <summary>
/// A KPI's daily points from the history <see cref="TakeKpiSnapshots"/> keeps. The history is of the whole portfolio: a
/// reader who may see only some systems gets a 403 (their numbers are computed live at <c>/api/v1/kpis?as_of=</c>).
/// A missing day is left out, not computed.
/// </summary>
public sealed class GetKpiSeries(AttestDbContext db, KpiCatalog catalog, TimeProvider time)
{
    public const int DefaultDays = 90;
    public const int MaxDays = 5 * 366;

    public async Task<Result<KpiSeriesView>> ExecuteAsync(ReadScope scope, string id, KpiSeriesQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        if (catalog.Find(id) is not { } definition)
            return Result<KpiSeriesView>.NotFound($"No KPI \"{id}\"; the KPIs are listed at /api/v1/kpis.");
        var errors = new Dictionary<string, string[]>();
        var (from, to) = Period(query.From, query.To, errors);
        var tier = string.IsNullOrWhiteSpace(query.Tier) ? null : query.Tier.Trim();
        var unit = string.IsNullOrWhiteSpace(query.BusinessUnit) ? null : query.BusinessUnit.Trim();
        if (tier is not null && tier != KpiSegmentFilter.Unclassified && !Inventory.Vocabulary.Tiers.Contains(tier))
            errors["tier"] = [$"must be one of {string.Join(", ", Inventory.Vocabulary.Tiers)}, {KpiSegmentFilter.Unclassified}"];
        if (tier is not null && unit is not null)
            errors["business_unit"] = ["the history is kept per tier or per business unit, not both; give one"];
        if (unit is { Length: > 200 })
            errors["business_unit"] = ["must be at most 200 characters"];
        if (errors.Count > 0)
            return Result<KpiSeriesView>.Invalid(errors);
        if (!scope.IsEverything)
            return Result<KpiSeriesView>.Forbidden("The KPI history is of the whole portfolio; read your systems' KPIs as of a day at /api/v1/kpis?as_of=.");
        var segment = TakeKpiSnapshots.SegmentKey(tier, unit);
        var points = await db.KpiSnapshots.AsNoTracking()
            .Where(s => s.KpiId == definition.Id && s.Segment == segment && s.Day >= from!.Value && s.Day <= to!.Value)
            .OrderBy(s => s.Day)
            .Select(s => new KpiPointDto(s.Day, s.Value, s.Numerator, s.Denominator, s.P90, s.Status)).ToListAsync(ct);
        return Result<KpiSeriesView>.Ok(new KpiSeriesView(definition.Id, definition.Name, definition.Unit, definition.Target, definition.Direction,
            from!.Value, to!.Value, tier, unit, points));
    }

    /// <summary>
    /// The history of every KPI over the whole portfolio between two days (the KPI history export): one point per KPI per
    /// day with a snapshot, by day then in the catalog's order. The same period rules and the same 403 as a series.
    /// </summary>
    public async Task<Result<KpiHistoryView>> AllAsync(ReadScope scope, string? fromText, string? toText, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var errors = new Dictionary<string, string[]>();
        var (from, to) = Period(fromText, toText, errors);
        if (errors.Count > 0)
            return Result<KpiHistoryView>.Invalid(errors);
        if (!scope.IsEverything)
            return Result<KpiHistoryView>.Forbidden("The KPI history is of the whole portfolio; read your systems' KPIs as of a day at /api/v1/kpis?as_of=.");
        var rows = await db.KpiSnapshots.AsNoTracking()
            .Where(s => s.Segment == "" && s.Day >= from!.Value && s.Day <= to!.Value)
            .Select(s => new { s.KpiId, Point = new KpiPointDto(s.Day, s.Value, s.Numerator, s.Denominator, s.P90, s.Status) }).ToListAsync(ct);
        var order = catalog.Definitions.Select((d, i) => (d.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var points = rows.Where(r => order.ContainsKey(r.KpiId)).OrderBy(r => r.Point.Day).ThenBy(r => order[r.KpiId])
            .Select(r => (catalog.Find(r.KpiId)!, r.Point)).ToArray();
        return Result<KpiHistoryView>.Ok(new KpiHistoryView(from!.Value, to!.Value, points));
    }

    /// <summary>A period of the history: <c>to</c> defaults to yesterday, <c>from</c> to 90 days before it; neither in the future, from ≤ to, at most five years.</summary>
    private (DateOnly? From, DateOnly? To) Period(string? fromText, string? toText, Dictionary<string, string[]> errors)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var to = Day(toText, "to", today.AddDays(-1), today, errors);
        var from = Day(fromText, "from", (to ?? today).AddDays(-(DefaultDays - 1)), today, errors);
        if (from is { } f && to is { } t && f > t)
            errors["from"] = [$"{f:yyyy-MM-dd} is after to ({t:yyyy-MM-dd})"];
        else if (from is { } f2 && to is { } t2 && t2.DayNumber - f2.DayNumber >= MaxDays)
            errors["from"] = [$"a series spans at most {MaxDays} days"];
        return (from, to);
    }

    /// <summary>
    /// Every KPI's points over the <paramref name="days"/> days to <paramref name="to"/> for one segment (the dashboard's
    /// sparklines), keyed by KPI id; empty for a reader who may see only some systems (the history is of the whole portfolio).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<KpiPointDto>>> RecentAsync(ReadScope scope, DateOnly to, int days, string? tier, string? businessUnit,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (!scope.IsEverything || (tier is not null && businessUnit is not null))
            return new Dictionary<string, IReadOnlyList<KpiPointDto>>();
        var segment = TakeKpiSnapshots.SegmentKey(tier, businessUnit);
        var from = to.AddDays(-(days - 1));
        var rows = await db.KpiSnapshots.AsNoTracking().Where(s => s.Segment == segment && s.Day >= from && s.Day <= to)
            .Select(s => new { s.KpiId, Point = new KpiPointDto(s.Day, s.Value, s.Numerator, s.Denominator, s.P90, s.Status) }).ToListAsync(ct);
        return rows.GroupBy(r => r.KpiId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<KpiPointDto>)[.. g.Select(r => r.Point).OrderBy(p => p.Day)], StringComparer.Ordinal);
    }

    private static DateOnly? Day(string? text, string field, DateOnly fallback, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
            return fallback;
        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = [$"\"{text}\" is not a day (YYYY-MM-DD)"];
            return null;
        }
        if (day > today)
        {
            errors[field] = [$"{text} is in the future; the history ends yesterday"];
            return null;
        }
        return day;
    }
}
