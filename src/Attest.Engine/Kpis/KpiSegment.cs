namespace Attest.Engine.Kpis;

/// <summary>
/// The slice of the portfolio a KPI is computed over: one internal tier (or "unclassified"), one business unit, or both;
/// null means every system.
/// </summary>
public sealed record KpiSegmentFilter(string? Tier = null, string? BusinessUnit = null)
{
    public const string Unclassified = "unclassified";

    public static KpiSegmentFilter All { get; } = new();

    public bool Includes(SystemKpiFacts system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return (Tier is null || string.Equals(system.Tier ?? Unclassified, Tier, StringComparison.Ordinal))
            && (BusinessUnit is null || string.Equals(system.BusinessUnit, BusinessUnit, StringComparison.OrdinalIgnoreCase));
    }
}
