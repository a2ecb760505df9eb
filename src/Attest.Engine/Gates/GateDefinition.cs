using Attest.Engine.Classification;
using Attest.Engine.Evaluation.Policy;

namespace Attest.Engine.Gates;

/// <summary>
/// What one gate requires of a system of one tier at one lifecycle transition, as loaded from
/// <c>data/gates/*.yaml</c>. Every switch is a requirement kind; an empty <see cref="EvaluationRules"/> asks for no metrics.
/// </summary>
public sealed record GateDefinition
{
    public required GateStage Stage { get; init; }
    public required RiskTier Tier { get; init; }

    /// <summary>Required controls must be satisfied (or validly waived); null: controls are not checked at this gate.</summary>
    public ControlRequirement? Controls { get; init; }

    /// <summary>Evaluation thresholds, with the policy file's semantics (metric, comparator, threshold, judge, min_n).</summary>
    public IReadOnlyList<GateEvaluationRule> EvaluationRules { get; init; } = [];

    /// <summary>Red-team failure-rate thresholds, judged on the newest valid red-team report (generative systems).</summary>
    public IReadOnlyList<RedTeamGateRule> RedTeamRules { get; init; } = [];

    /// <summary>Every specialist review intake routing asks for has approved.</summary>
    public bool SignOffs { get; init; }

    /// <summary>Open risks at or above this severity must be mitigated or accepted; null: risks are not checked.</summary>
    public RiskSeverity? RisksFrom { get; init; }

    /// <summary>No waiver of the system may have expired.</summary>
    public bool NoExpiredWaivers { get; init; }

    /// <summary>Open incidents at or above this severity block the gate; null: incidents are not checked.</summary>
    public IncidentSeverity? IncidentsFrom { get; init; }

    /// <summary>
    /// The requirement kinds a conditional go may leave open at this gate, each answered by a condition
    /// (<see cref="ConditionalGoRule"/>); null: any kind.
    /// </summary>
    public IReadOnlyList<RequirementKind>? ConditionalGoMayLeaveOpen { get; init; }

    /// <summary>Where the gate was defined (file:line).</summary>
    public string Source { get; init; } = "";
}

/// <summary>Which controls a gate checks (all required ones, or only the listed ids) and what evidence they need.</summary>
public sealed record ControlRequirement(EvidenceRule Evidence, IReadOnlyList<string>? Only = null);

public enum RiskSeverity { Low, Medium, High, Critical }

public enum IncidentSeverity { Minor, Moderate, Severe, Critical }

/// <summary>
/// An evaluation threshold of a gate: a policy rule (its feature may be <c>*</c>, every measured feature)
/// and the control whose framework requirements it serves.
/// </summary>
public sealed record GateEvaluationRule(PolicyRule Rule, string? Control = null)
{
    public const string AnyFeature = "*";
}
