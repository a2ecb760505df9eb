namespace Attest.Engine.Gates;

public enum GateDecision { Go, NoGo }

/// <summary>
/// One checked requirement: its stable id (<c>control:ATT-RISK-01</c>, <c>evaluation:dp-ratio:race</c>,
/// <c>sign_off:legal</c>, <c>risk:R-3</c>, <c>waiver:wv_1</c>, <c>incident:inc_2</c>), whether it is met,
/// why, the control and framework requirements it serves, what would satisfy it, and whether only a waiver makes it met.
/// </summary>
public sealed record RequirementOutcome(
    string Requirement,
    RequirementKind Kind,
    bool Met,
    string Reason,
    string? Control,
    IReadOnlyList<string> Frameworks,
    string Remedy,
    bool ByWaiver = false);

/// <summary>A gate's verdict with every requirement it checked, like a compiler's error list.</summary>
public sealed record GateResult(GateStage Stage, string System, string? ModelVersion, IReadOnlyList<RequirementOutcome> Requirements)
{
    public GateDecision Decision => Requirements.All(r => r.Met) ? GateDecision.Go : GateDecision.NoGo;

    public IReadOnlyList<RequirementOutcome> Unmet => Requirements.Where(r => !r.Met).ToArray();

    /// <summary>Some requirement is met only because a waiver is in force (for the waiver dependency rate).</summary>
    public bool ReliesOnWaivers => Requirements.Any(r => r.Met && r.ByWaiver);
}
