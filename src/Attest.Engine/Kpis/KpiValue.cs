namespace Attest.Engine.Kpis;

/// <summary>One system's part in a KPI: what it adds to the numerator and to the denominator.</summary>
public sealed record KpiMember(string SystemId, double Numerator, double Denominator)
{
    public bool InNumerator => Numerator > 0;
}

/// <summary>
/// A KPI's value at a date: the value (null when not measured), its numerator and denominator, the systems behind each
/// (for drill-down) and, for durations, the 90th percentile beside the median.
/// </summary>
public sealed record KpiValue(KpiDefinition Definition, KpiStatus Status, double? Value, double? Numerator, double? Denominator,
    IReadOnlyList<KpiMember> Members, double? P90 = null, string? Reason = null)
{
    public string Id => Definition.Id;
    public IReadOnlyList<string> NumeratorSystems => [.. Members.Where(m => m.InNumerator).Select(m => m.SystemId)];
    public IReadOnlyList<string> DenominatorSystems => [.. Members.Where(m => m.Denominator > 0).Select(m => m.SystemId)];
}
