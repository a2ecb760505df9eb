using System.Text.RegularExpressions;

namespace Attest.Core.Features.Compliance.Controls;

/// <summary>The shapes of ids in the control library: stable, and safe in URLs, CSV and OSCAL.</summary>
public static partial class Identifiers
{
    /// <summary>e.g. ATT-GOV-01, ACME-PRIV-3.</summary>
    public static bool IsControlId(string id) => ControlId().IsMatch(id);

    /// <summary>e.g. nist-ai-rmf, iso42001, owasp-llm-2025.</summary>
    public static bool IsFrameworkId(string id) => FrameworkId().IsMatch(id);

    /// <summary>e.g. GOVERN-1.1, A.6.2.4, art-9, LLM01.</summary>
    public static bool IsRequirementId(string id) => RequirementId().IsMatch(id);

    /// <summary>e.g. model_card, fairness_report.</summary>
    public static bool IsEvidenceType(string id) => EvidenceType().IsMatch(id);

    [GeneratedRegex("^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
    private static partial Regex ControlId();

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
    private static partial Regex FrameworkId();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._()_\-]*$")]
    private static partial Regex RequirementId();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex EvidenceType();
}
