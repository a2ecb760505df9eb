using System.Text.Json;
using Attest.Core.Common;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Compliance;

/// <summary>A stored attest.classification/v1 document, typed (the JSON written by ClassificationDocument.ToJson).</summary>
/// <remarks>Documents stored before status and missing existed have neither: they are complete.</remarks>
public sealed record ClassificationDocumentDto(
    string Format, string Name, EuAiActSection EuAiAct, RiskTier? Tier, IReadOnlyList<string> TierFactors,
    IReadOnlyList<string> Reasons, IReadOnlyList<string> RequiredControls, IReadOnlyList<ReviewDto> Review, LibraryVersionDto ControlLibrary,
    ClassificationStatus? Status = null, IReadOnlyList<MissingAnswerDto>? Missing = null)
{
    public bool IsComplete => Status != ClassificationStatus.Incomplete;

    public static ClassificationDocumentDto Parse(string json) =>
        JsonSerializer.Deserialize<ClassificationDocumentDto>(json, AttestJson.Options)
        ?? throw new InvalidDataException("A stored classification document is empty.");
}

public sealed record EuAiActSection(
    EuAiActClass Class, IReadOnlyList<string> Basis, IReadOnlyList<string> Transparency, IReadOnlyList<TransparencyDutyDto> TransparencyDuties,
    GpaiStatus? Gpai, IReadOnlyList<string> GpaiBasis, IReadOnlyList<ObligationDto> Obligations, CalendarRefDto Calendar);

/// <summary>A question that decides the outcome and has no answer: its key, the question as the wizard asks it, unanswered or unknown, and what it decides.</summary>
public sealed record MissingAnswerDto(string Key, string Question, AnswerGap State, string Decides);

public sealed record TransparencyDutyDto(string Article, string DutyHolder, string Duty);

public sealed record ObligationDto(string Article, string Title, DateOnly AppliesFrom);

public sealed record CalendarRefDto(string Name, bool Verified);

public sealed record ReviewDto(string Reviewer, string Reason);

public sealed record LibraryVersionDto(string Version, string ContentHash);

/// <summary>A regulatory calendar as shown to people: which one, whether it was checked against the Official Journal.</summary>
public sealed record CalendarDto(string Name, string Title, bool Verified);

/// <summary>A person's override, shown beside the computed result.</summary>
public sealed record OverrideDto(string Id, EuAiActClass Class, string Justification, string OverriddenBy, DateTimeOffset OverriddenAt);

/// <summary>
/// A system's classification: the computed result of its latest intake, and beside it any override in
/// force. <see cref="EffectiveClass"/> is the override's class when there is one, else the computed class;
/// <see cref="RequiredControls"/> are the controls required under the effective class. <see cref="Status"/> is incomplete
/// (class incomplete, no tier) while questions that decide the class have no answer; <see cref="Missing"/> lists them.
/// </summary>
public sealed record SystemClassificationView(
    string SystemId, string SystemSlug, string ClassificationId, int IntakeVersion, DateTimeOffset ComputedAt,
    EuAiActClass EffectiveClass, RiskTier? Tier, bool Overridden, ClassificationDocumentDto Computed, OverrideDto? Override,
    CalendarDto Calendar, IReadOnlyList<ObligationDto> UpcomingDeadlines, IReadOnlyList<string> RequiredControls,
    ClassificationStatus Status, IReadOnlyList<MissingAnswerDto> Missing);

/// <summary>An override request: the class a person decides, and why.</summary>
public sealed record OverrideInput
{
    public EuAiActClass? Class { get; init; }
    public string? Justification { get; init; }
}

public sealed record IntakeVersionSummary(string Id, int Version, string AnsweredBy, DateTimeOffset AnsweredAt);

/// <summary>A system's intake: the latest answers (attest.intake/v1) and every version, newest first.</summary>
public sealed record SystemIntakeView(string SystemId, string SystemSlug, IntakeVersionSummary? Latest, JsonElement? Answers, IReadOnlyList<IntakeVersionSummary> Versions);

/// <summary>A system's upcoming obligation deadlines on a given day, soonest first.</summary>
public sealed record ObligationsView(string SystemId, string SystemSlug, DateOnly Today, CalendarDto Calendar, IReadOnlyList<ObligationDto> Upcoming, IReadOnlyList<ObligationDto> InForce);
