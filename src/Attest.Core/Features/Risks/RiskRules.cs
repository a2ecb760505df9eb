using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Risks;

/// <summary>Field rules shared by recording and changing a risk.</summary>
internal static class RiskRules
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;

    /// <summary>A related control must be one of the control library (so its framework requirements are known).</summary>
    public static void CheckControl(FieldErrors errors, ComplianceData compliance, string? control)
    {
        if (control is not null && !compliance.Library.Controls.Any(c => c.Id == control))
            errors.Add("control", $"'{control}' is not a control of the library (see `attest controls list`).");
    }

    /// <summary>Acceptance has its own use case, with its separation-of-duties rules.</summary>
    public static void CheckTreatment(FieldErrors errors, RiskTreatment? treatment)
    {
        if (treatment == RiskTreatment.Accepted)
            errors.Add("treatment", "must be open or mitigated here; accepting a risk goes through POST /api/v1/risks/{id}/accept");
    }

    public static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    public static JsonObject Payload(Risk r) => new()
    {
        ["risk_id"] = r.Id,
        ["model_version"] = r.ModelVersionLabel,
        ["title"] = r.Title,
        ["description"] = r.Description,
        ["severity"] = WireName.Of(r.Severity),
        ["likelihood"] = r.Likelihood is { } l ? WireName.Of(l) : null,
        ["treatment"] = WireName.Of(r.Treatment),
        ["mitigation"] = r.Mitigation,
        ["control_id"] = r.ControlId,
        ["owner"] = r.Owner,
        ["version"] = r.Version,
    };
}
