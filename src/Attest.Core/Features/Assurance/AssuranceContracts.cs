using Attest.Engine.Controls;

namespace Attest.Core.Features.Assurance;

/// <summary>A questionnaire in the list: what was imported, for which system, and how far its answers are approved.</summary>
public sealed record QuestionnaireSummaryDto(
    string Id, string SystemId, string SystemSlug, string SystemName, string Title, string FileName, string Format,
    string ImportedBy, DateTimeOffset ImportedAt, int Questions, int Approved, int Reused);

/// <summary>
/// A control proposed for a question, with where the system stands on it today (<see cref="Compliance.GetSystemStanding"/>):
/// <see cref="Status"/> null when the system does not require the control; <see cref="StatusWords"/> says it plainly.
/// </summary>
public sealed record ProposedControlDto(
    string ControlId, string Title, double? Score, ControlStatus? Status, bool Met, string StatusWords, IReadOnlyList<string> Requirements);

/// <summary>Active evidence of the system for a proposed control; only <see cref="Shareable"/> evidence may reach a customer.</summary>
public sealed record AnswerEvidenceDto(string Id, string Type, string FileName, IReadOnlyList<string> Controls, DateOnly ValidUntil, bool Shareable, string ContentUrl);

/// <summary>
/// One question and its answer. <see cref="State"/>: <c>proposed</c> (drafted from the controls or the library),
/// <c>edited</c> (changed by a person, not yet approved) or <c>approved</c>. <see cref="Reused"/>: proposed from an
/// approved answer of an earlier questionnaire (<see cref="ReusedFrom"/>, exact or near-identical question).
/// </summary>
public sealed record QuestionAnswerDto(
    string Id, int Row, string QuestionRef, string Question, string? Answer, string State, bool Reused, string? ReusedFrom,
    IReadOnlyList<ProposedControlDto> Controls, IReadOnlyList<AnswerEvidenceDto> Evidence,
    string? EditedBy, DateTimeOffset? EditedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt, int Version);

/// <summary>A questionnaire with every question, its proposal and answer.</summary>
public sealed record QuestionnaireDto(
    string Id, string SystemId, string SystemSlug, string SystemName, string Title, string FileName, string Format,
    string ImportedBy, DateTimeOffset ImportedAt, int Approved, IReadOnlyList<QuestionAnswerDto> Questions);

/// <summary>A changed answer text.</summary>
public sealed record AnswerInput
{
    public string? Answer { get; init; }
}

/// <summary>Whether evidence may be named and offered to customers on the trust page.</summary>
public sealed record ShareableInput
{
    public bool? Shareable { get; init; }
}

/// <summary>The evidence's new shareability.</summary>
public sealed record ShareableDto(string EvidenceId, string SystemId, bool Shareable);

/// <summary>An exported file: its name, media type and bytes.</summary>
public sealed record ExportedFile(string FileName, string MediaType, byte[] Content);

/// <summary>Answer states.</summary>
public static class AnswerStates
{
    public const string Proposed = "proposed";
    public const string Edited = "edited";
    public const string Approved = "approved";
}
