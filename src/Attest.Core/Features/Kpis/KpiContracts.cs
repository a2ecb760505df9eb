using Attest.Engine.Kpis;

namespace Attest.Core.Features.Kpis;

/// <summary>A KPI's definition as the API shows it (data/kpis/kpis.yaml).</summary>
public sealed record KpiDefinitionDto(string Wording, string Numerator, string Denominator, KpiUnit Unit, KpiDirection Direction, KpiFrequency Frequency,
    IReadOnlyList<KpiSegment> Segmentation)
{
    public static KpiDefinitionDto From(KpiDefinition d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(d.Wording, d.Numerator, d.Denominator, d.Unit, d.Direction, d.Frequency, d.Segmentation);
    }
}

/// <summary>
/// One KPI's value: null with status not_measured when Attest has no facts for it yet or no system is in its denominator
/// (<see cref="Reason"/> says which). For durations the value is the median and <see cref="P90"/> the 90th percentile.
/// </summary>
public sealed record KpiDto(string Id, string Name, double? Value, double? Numerator, double? Denominator, double Target, KpiStatus Status,
    KpiDefinitionDto Definition, double? P90, string? Reason, IReadOnlyList<string> NumeratorSystems, IReadOnlyList<string> DenominatorSystems)
{
    public static KpiDto From(KpiValue v)
    {
        ArgumentNullException.ThrowIfNull(v);
        return new(v.Id, v.Definition.Name, v.Value, v.Numerator, v.Denominator, v.Definition.Target, v.Status, KpiDefinitionDto.From(v.Definition),
            v.P90, v.Reason, v.NumeratorSystems, v.DenominatorSystems);
    }
}

/// <summary>
/// Every KPI as of a time, over a segment. <see cref="Basis"/> says what an as-of time in the past reads: dated facts
/// (intake, decisions, incidents) are cut at it; tiers, stages, controls and monitoring are today's.
/// </summary>
public sealed record KpiReport(IReadOnlyList<KpiDto> Kpis, DateTimeOffset AsOf, string? Tier, string? BusinessUnit, string Basis);

/// <summary>One system behind a KPI: what it adds to the numerator and the denominator.</summary>
public sealed record KpiMemberDto(string SystemId, string Slug, string Name, string? Tier, string BusinessUnit, double Numerator, double Denominator, bool InNumerator);

/// <summary>The systems behind a KPI's number, in name order.</summary>
public sealed record KpiMembersView(KpiDto Kpi, IReadOnlyList<KpiMemberDto> Members, DateTimeOffset AsOf, string? Tier, string? BusinessUnit);

/// <summary>The reader's question: as of when (a day or a time; absent: now), over which tier and business unit.</summary>
public sealed record KpiQuery(string? AsOf = null, string? Tier = null, string? BusinessUnit = null);
