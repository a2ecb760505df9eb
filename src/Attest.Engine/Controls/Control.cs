using Attest.Engine.Rules;

namespace Attest.Engine.Controls;

/// <summary>
/// One control of the library: what must be true, the evidence that shows it, how often that
/// evidence is renewed, when the control applies, and the framework requirements it satisfies
/// (<c>eu-ai-act:art-9</c>, <c>nist-ai-rmf:MEASURE-2.11</c>, <c>iso42001:A.6.2.4</c>, <c>owasp-llm-2025:LLM01</c>).
/// </summary>
public sealed record Control
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Objective { get; init; }
    public required ControlGroup Group { get; init; }
    public required IReadOnlyList<string> EvidenceTypes { get; init; }
    public required int RenewalMonths { get; init; }
    public required ApplicabilityRule AppliesWhen { get; init; }
    public required IReadOnlyList<RequirementRef> Mappings { get; init; }
    /// <summary>Where the control was defined (file and line), for error messages and provenance.</summary>
    public string Source { get; init; } = "";

    /// <summary>The day evidence collected on <paramref name="collectedOn"/> must be renewed by.</summary>
    public DateOnly RenewalDue(DateOnly collectedOn) => collectedOn.AddMonths(RenewalMonths);
}

/// <summary>The area a control belongs to (one data file's group), used for OSCAL groups and listings.</summary>
public sealed record ControlGroup(string Id, string Title);

/// <summary>A framework requirement id, <c>framework:requirement</c>, e.g. <c>nist-ai-rmf:MEASURE-2.11</c>.</summary>
public sealed record RequirementRef(string Framework, string Requirement)
{
    public override string ToString() => Framework + ":" + Requirement;

    public static bool TryParse(string text, out RequirementRef? reference)
    {
        reference = null;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1 || text.Contains(' ', StringComparison.Ordinal))
            return false;
        reference = new RequirementRef(text[..colon], text[(colon + 1)..]);
        return true;
    }
}
