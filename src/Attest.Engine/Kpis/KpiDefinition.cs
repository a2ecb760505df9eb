namespace Attest.Engine.Kpis;

/// <summary>How a KPI's value reads: a share in percent, a duration in days, or a rate per system.</summary>
public enum KpiUnit { Percent, Days, Rate }

/// <summary>Which side of the target is good.</summary>
public enum KpiDirection { AtLeast, AtMost }

/// <summary>How often the programme looks at the KPI.</summary>
public enum KpiFrequency { Daily, Weekly, Monthly, Quarterly }

/// <summary>A segment a KPI can be cut by.</summary>
public enum KpiSegment { Tier, BusinessUnit }

/// <summary>
/// Whether a KPI met its target: met, not met, or not measured — Attest has no facts for it yet, or no system falls in
/// its denominator. A KPI that is not measured has no value: never an invented number.
/// </summary>
public enum KpiStatus { Met, NotMet, NotMeasured }

/// <summary>A KPI's exact definition, as data (data/kpis/kpis.yaml).</summary>
public sealed record KpiDefinition(
    string Id, string Name, string Wording, string Numerator, string Denominator, KpiUnit Unit,
    IReadOnlyList<KpiSegment> Segmentation, double Target, KpiDirection Direction, KpiFrequency Frequency)
{
    /// <summary>Whether a value meets the target in the KPI's direction.</summary>
    public bool Meets(double value) => Direction == KpiDirection.AtLeast ? value >= Target : value <= Target;
}
