using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// A gate verdict as users see it (API, <c>attest gate --json</c>): <c>decision</c> go or no_go, the
/// <c>unmet</c> requirements, and every requirement checked.
/// </summary>
public sealed record GateReport(
    string SystemId,
    string System,
    string? ModelVersion,
    GateStage Stage,
    RiskTier Tier,
    GateDecision Decision,
    string GateSource,
    DateOnly EvaluatedOn,
    bool ReliesOnWaivers,
    IReadOnlyList<UnmetRequirementDto> Unmet,
    IReadOnlyList<GateRequirementDto> Requirements)
{
    public static GateReport From(string systemId, RiskTier tier, GateDefinition gate, GateResult result, DateOnly today) => new(
        systemId, result.System, result.ModelVersion, result.Stage, tier, result.Decision, gate.Source, today, result.ReliesOnWaivers,
        result.Unmet.Select(u => new UnmetRequirementDto(u.Requirement, u.Kind, u.Reason, u.Control, u.Frameworks, u.Remedy)).ToArray(),
        result.Requirements.Select(r => new GateRequirementDto(r.Requirement, r.Kind, r.Met, r.Reason, r.Control, r.Frameworks, r.Remedy, r.ByWaiver)).ToArray());
}

/// <summary>One unmet requirement: its id, why it is unmet, the control and framework requirements it serves, and what would satisfy it.</summary>
public sealed record UnmetRequirementDto(string Requirement, RequirementKind Kind, string Reason, string? Control, IReadOnlyList<string> Frameworks, string Remedy);

public sealed record GateRequirementDto(string Requirement, RequirementKind Kind, bool Met, string Reason, string? Control, IReadOnlyList<string> Frameworks, string Remedy, bool ByWaiver);
