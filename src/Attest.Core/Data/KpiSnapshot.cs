using Attest.Engine.Kpis;

namespace Attest.Core.Data;

/// <summary>
/// One KPI's value at the end of one day (UTC) over one segment: the programme's history (docs/kpis.md). Written once
/// per (KPI, day, segment) — the key — by the daily snapshot job, insert-if-absent, so instances racing to take the same
/// day write one row. Derived data, recomputable from the records and the ledger (<c>as_of</c>), so no ledger entry.
/// </summary>
public sealed class KpiSnapshot
{
    public required string KpiId { get; set; }
    public DateOnly Day { get; set; }
    /// <summary>"" for the whole portfolio, <c>tier:high</c>, or <c>business_unit:risk</c> (lower case).</summary>
    public required string Segment { get; set; }
    public double? Value { get; set; }
    public double? Numerator { get; set; }
    public double? Denominator { get; set; }
    public double? P90 { get; set; }
    public KpiStatus Status { get; set; }
    public DateTimeOffset TakenAt { get; set; }
}
