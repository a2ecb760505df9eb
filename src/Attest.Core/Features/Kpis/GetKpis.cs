using System.Globalization;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Kpis;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Kpis;

/// <summary>
/// The programme's KPIs (data/kpis/kpis.yaml) over the systems the reader may see, optionally one tier and one business
/// unit, as of now or a past day: facts gathered here, numbers computed by <see cref="KpiCalculator"/>.
/// </summary>
public sealed class GetKpis(AttestDbContext db, ComplianceData data, Evidence.BlobStore blobs, KpiCatalog catalog, Training.TrainingRequirements training, TimeProvider time)
{
    public const string Basis = "A past as_of rebuilds every fact as its records stood then: systems registered by then, lifecycle stages and control statuses "
        + "from their ledger entries, tiers from the classification in force, evidence recorded and not yet retired, waivers, decisions, incidents, deployments "
        + "and monitoring plans by their own times. Business units and the current model version evidence is judged against are today's.";

    public async Task<Result<KpiReport>> ExecuteAsync(ReadScope scope, KpiQuery query, CancellationToken ct)
    {
        var computed = await WithFactsAsync(scope, query, ct);
        return computed.IsOk ? Result<KpiReport>.Ok(computed.Value.Report) : computed.As<KpiReport>();
    }

    /// <summary>The KPIs and the facts they were computed from (the executive report lists the near misses behind them).</summary>
    internal async Task<Result<(KpiReport Report, IReadOnlyList<SystemKpiFacts> Facts)>> WithFactsAsync(ReadScope scope, KpiQuery query, CancellationToken ct)
    {
        var computed = await ComputeAsync(scope, query, ct);
        if (!computed.IsOk)
            return Result<(KpiReport, IReadOnlyList<SystemKpiFacts>)>.Invalid(computed.Errors);
        var (values, asOf, _, facts) = computed.Value!;
        return Result<(KpiReport, IReadOnlyList<SystemKpiFacts>)>.Ok((new KpiReport([.. values.Select(KpiDto.From)], asOf, query.Tier, query.BusinessUnit, Basis), facts));
    }

    /// <summary>The systems behind one KPI's number; 404 for an id the catalog does not define.</summary>
    public async Task<Result<KpiMembersView>> MembersAsync(ReadScope scope, string id, KpiQuery query, CancellationToken ct)
    {
        if (catalog.Find(id) is not { } definition)
            return Result<KpiMembersView>.NotFound($"No KPI \"{id}\"; the KPIs are listed at /api/v1/kpis.");
        var computed = await ComputeAsync(scope, query, ct, definition);
        if (!computed.IsOk)
            return Result<KpiMembersView>.Invalid(computed.Errors);
        var (values, asOf, _, _) = computed.Value!;
        var value = values.Single();
        var ids = value.Members.Select(m => m.SystemId).ToList();
        var systems = await db.Systems.AsNoTracking().Where(s => ids.Contains(s.Id))
            .Select(s => new { s.Id, s.Slug, s.Name, s.Tier, s.BusinessUnit }).ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        var members = value.Members.Select(m => (m, s: systems[m.SystemId]))
            .OrderBy(x => x.s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(x => x.s.Slug, StringComparer.Ordinal)
            .Select(x => new KpiMemberDto(x.s.Id, x.s.Slug, x.s.Name, x.s.Tier, x.s.BusinessUnit, x.m.Numerator, x.m.Denominator, x.m.InNumerator)).ToArray();
        return Result<KpiMembersView>.Ok(new KpiMembersView(KpiDto.From(value), members, asOf, query.Tier, query.BusinessUnit));
    }

    private sealed record Computed(IReadOnlyList<KpiValue> Values, DateTimeOffset AsOf, KpiSegmentFilter Segment, IReadOnlyList<SystemKpiFacts> Facts);

    private async Task<Result<Computed>> ComputeAsync(ReadScope scope, KpiQuery query, CancellationToken ct, KpiDefinition? only = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var asOf = ParseAsOf(query.AsOf, now, errors);
        if (query.Tier is { } tier && tier != KpiSegmentFilter.Unclassified && !Inventory.Vocabulary.Tiers.Contains(tier))
            errors["tier"] = [$"must be one of {string.Join(", ", Inventory.Vocabulary.Tiers)}, {KpiSegmentFilter.Unclassified}"];
        if (query.BusinessUnit is { Length: > 200 })
            errors["business_unit"] = ["must be at most 200 characters"];
        if (errors.Count > 0)
            return Result<Computed>.Invalid(errors);
        var segment = new KpiSegmentFilter(string.IsNullOrWhiteSpace(query.Tier) ? null : query.Tier,
            string.IsNullOrWhiteSpace(query.BusinessUnit) ? null : query.BusinessUnit.Trim());
        // One gatherer: now is the timeline at now, read without the history a past day needs.
        var facts = (await KpiTimeline.LoadAsync(db, data, blobs, scope, history: asOf!.Value != now, ct)).At(asOf.Value);
        var definitions = only is null ? catalog.Definitions : [only];
        var people = await Training.TrainingFactsReader.ReadAsync(db, training, scope, ct);
        return Result<Computed>.Ok(new Computed(KpiCalculator.ComputeAll(definitions, facts, segment, asOf!.Value, people), asOf.Value, segment, facts));
    }

    /// <summary>
    /// A day (YYYY-MM-DD: the end of that day, UTC; today: now) or an ISO 8601 time with an offset; absent: now. Never in the
    /// future: a KPI of tomorrow would be an invented number.
    /// </summary>
    public static DateTimeOffset? ParseAsOf(string? text, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(text))
            return now;
        DateTimeOffset asOf;
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var today = DateOnly.FromDateTime(now.UtcDateTime);
            asOf = day == today ? now : new DateTimeOffset(day.ToDateTime(TimeOnly.MaxValue), TimeSpan.Zero);
        }
        else if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out asOf))
        {
            errors["as_of"] = [$"\"{text}\" is not a date (YYYY-MM-DD) or an ISO 8601 time"];
            return null;
        }
        if (asOf > now)
        {
            errors["as_of"] = [$"{text} is in the future; a KPI can be computed up to now"];
            return null;
        }
        return asOf;
    }
}
