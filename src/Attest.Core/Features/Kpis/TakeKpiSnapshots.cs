using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>What one run of the snapshot job did: the days it wrote (each complete, in one transaction) and the last of them.</summary>
public sealed record KpiSnapshotRun(int Days, DateOnly? Through);

/// <summary>
/// The daily history of every KPI: for each complete day (UTC) since the portfolio began, at most the last
/// <see cref="HistoryDays"/>, that has no snapshot yet, computes every KPI as of the end of that day (the <c>as_of</c>
/// recomputation, <see cref="KpiTimeline"/>) over the whole portfolio, each tier and each business unit, and stores one
/// row per (KPI, segment, day). A first run backfills the history; later runs add the day just ended. Rows go in with
/// insert-if-absent on that key, so several instances running the job at once leave exactly one row each; a day is
/// written in one transaction, so it is either all there or not at all.
/// </summary>
public sealed class TakeKpiSnapshots(AttestDbContext db, ComplianceData data, Evidence.BlobStore blobs, KpiCatalog catalog, Training.TrainingRequirements training, TimeProvider time)
{
    /// <summary>How far back the history is filled: six months and a few days.</summary>
    public const int HistoryDays = 186;

    public async Task<KpiSnapshotRun> ExecuteAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        var earliest = yesterday.AddDays(-(HistoryDays - 1));
        var marker = catalog.Definitions[0].Id;
        var taken = (await db.KpiSnapshots.AsNoTracking().Where(s => s.KpiId == marker && s.Segment == "" && s.Day >= earliest)
            .Select(s => s.Day).ToListAsync(ct)).ToHashSet();
        if (taken.Contains(yesterday) && taken.Count == HistoryDays)
            return new KpiSnapshotRun(0, null);
        var timeline = await KpiTimeline.LoadAsync(db, data, blobs, ReadScope.Everything, history: true, ct);
        if (timeline.Start is not { } start)
            return new KpiSnapshotRun(0, null);
        // Training records carry their completion times, so the Engine counts each day's completions as of that day.
        var people = await Training.TrainingFactsReader.ReadAsync(db, training, ReadScope.Everything, ct);
        var first = DateOnly.FromDateTime(start.UtcDateTime);
        if (first < earliest)
            first = earliest;
        int days = 0;
        DateOnly? through = null;
        for (var day = first; day <= yesterday; day = day.AddDays(1))
        {
            if (taken.Contains(day))
                continue;
            var asOf = EndOf(day);
            var facts = timeline.At(asOf);
            var rows = new List<KpiSnapshot>();
            foreach (var (key, filter) in Segments(facts))
            {
                foreach (var value in KpiCalculator.ComputeAll(catalog.Definitions, facts, filter, asOf, people))
                {
                    rows.Add(new KpiSnapshot
                    {
                        KpiId = value.Id,
                        Day = day,
                        Segment = key,
                        Value = value.Value,
                        Numerator = value.Numerator,
                        Denominator = value.Denominator,
                        P90 = value.P90,
                        Status = value.Status,
                        TakenAt = now,
                    });
                }
            }
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await BulkInsert.InsertAsync(db, rows, ct, skipExisting: true);
            await tx.CommitAsync(ct);
            days++;
            through = day;
        }
        return new KpiSnapshotRun(days, through);
    }

    /// <summary>The end of a day, UTC: the instant a snapshot of that day and <c>as_of=YYYY-MM-DD</c> both read.</summary>
    public static DateTimeOffset EndOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);

    /// <summary>The segments a day is kept for: the whole portfolio, each tier (and unclassified), each business unit of the systems then.</summary>
    internal static IEnumerable<(string Key, KpiSegmentFilter Filter)> Segments(IReadOnlyList<SystemKpiFacts> facts)
    {
        yield return ("", KpiSegmentFilter.All);
        foreach (var tier in Inventory.Vocabulary.Tiers.Append(KpiSegmentFilter.Unclassified))
            yield return (SegmentKey(tier, null), new KpiSegmentFilter(Tier: tier));
        foreach (var unit in facts.Select(f => f.BusinessUnit).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase))
            yield return (SegmentKey(null, unit), new KpiSegmentFilter(BusinessUnit: unit));
    }

    /// <summary>The stored segment of a tier or a business unit (one of them; neither: the whole portfolio).</summary>
    public static string SegmentKey(string? tier, string? businessUnit) =>
        tier is not null ? "tier:" + tier : businessUnit is not null ? "business_unit:" + businessUnit.Trim().ToLowerInvariant() : "";
}
