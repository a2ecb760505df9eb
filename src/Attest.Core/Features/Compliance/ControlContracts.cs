using Attest.Engine.Classification;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>A framework requirement a control satisfies, e.g. eu-ai-act:art-9 "Art 9 Risk management system".</summary>
public sealed record RequirementDto(string Id, string Framework, string Requirement, string Title);

/// <summary>One control of the library.</summary>
public sealed record ControlDto(
    string Id, string Title, string Objective, string Group, IReadOnlyList<string> EvidenceTypes, int RenewalMonths,
    IReadOnlyList<RequirementDto> Requirements);

/// <summary>The library: its version and controls, and the frameworks it maps to.</summary>
public sealed record ControlLibraryView(string Version, string ContentHash, IReadOnlyList<FrameworkDto> Frameworks, IReadOnlyList<ControlDto> Controls);

public sealed record FrameworkDto(string Id, string Name, string Title, int Requirements);

/// <summary>One required control of a system with where the system stands on it (<see cref="ControlStandings"/>): the waiver in force, or the expired one that no longer waives it.</summary>
public sealed record SystemControlDto(
    string ControlId, string Title, string Objective, string Group, IReadOnlyList<string> EvidenceTypes, int RenewalMonths,
    ControlStatus Status, string? Note, string? UpdatedBy, DateTimeOffset? UpdatedAt, int Version, IReadOnlyList<RequirementDto> Requirements,
    ControlStatus? RecordedStatus = null, Attest.Engine.Evidence.EvidenceState? Evidence = null, DateOnly? EvidenceValidUntil = null, string? EvidenceReason = null,
    string? WaiverId = null, DateOnly? WaiverExpiresOn = null, bool WaiverExpired = false);

/// <summary>How far one framework requirement is covered: "EU AI Act Art 9 Risk management system: 3 of 4 controls satisfied".</summary>
public sealed record RequirementCoverageDto(string Id, string Title, IReadOnlyList<string> Controls, int Required, int Satisfied, int Waived, bool Covered, string Summary);

public sealed record FrameworkCoverageDto(string Framework, string Name, int Requirements, int Covered, IReadOnlyList<RequirementCoverageDto> Coverage);

/// <summary>
/// A system's required controls (from its latest classification) with statuses, and coverage per framework. Not
/// <see cref="Classified"/> before the first intake or while it is incomplete (class incomplete, <see cref="Missing"/> the questions).
/// </summary>
public sealed record SystemControlsView(
    string SystemId, string SystemSlug, string SystemName, bool Classified, EuAiActClass? EffectiveClass, string? ControlLibraryVersion,
    IReadOnlyList<SystemControlDto> Controls, IReadOnlyList<FrameworkCoverageDto> Frameworks, IReadOnlyList<MissingAnswerDto>? Missing = null);

/// <summary>A change of one control's status on one system.</summary>
public sealed record ControlStatusInput
{
    public ControlStatus? Status { get; init; }
    public string? Note { get; init; }
}

/// <summary>The portfolio-wide compliance matrix: systems × the controls any of them requires.</summary>
public sealed record ComplianceMatrix(IReadOnlyList<MatrixControl> Controls, IReadOnlyList<MatrixSystem> Systems);

public sealed record MatrixControl(string Id, string Title, IReadOnlyList<string> Requirements);

/// <summary>
/// One system's row: its status per required control; a control it does not require has no cell. A system whose intake is
/// incomplete is not <see cref="Classified"/>: its class is incomplete and <see cref="Missing"/> names the questions.
/// </summary>
public sealed record MatrixSystem(
    string Id, string Slug, string Name, EuAiActClass? EffectiveClass, RiskTier? Tier, bool Classified,
    IReadOnlyDictionary<string, ControlStatus> Statuses, int Required, int Satisfied, IReadOnlyList<MissingAnswerDto>? Missing = null);
