using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Engine.Classification;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The JSON a classification is shown as (<c>attest classify --json</c>, and the API): snake_case keys,
/// <c>eu_ai_act.class/basis/transparency/gpai/obligations</c>, <c>tier</c>, <c>reasons</c>, <c>required_controls</c>.
/// </summary>
public static class ClassificationDocument
{
    public const string Format = "attest.classification/v1";

    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject ToJson(IntakeAssessment assessment, ControlLibraryVersion libraryVersion)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(libraryVersion);
        var (answers, classification, requiredControls, review) = assessment;
        return new JsonObject
        {
            ["format"] = Format,
            ["name"] = answers.Name,
            ["eu_ai_act"] = new JsonObject
            {
                ["class"] = WireName.Of(classification.Class),
                ["basis"] = Strings(classification.Basis),
                ["transparency"] = Strings(classification.TransparencyArticles),
                ["transparency_duties"] = new JsonArray(classification.Transparency.Select(d => (JsonNode)new JsonObject
                {
                    ["article"] = d.Article,
                    ["duty_holder"] = d.DutyHolder,
                    ["duty"] = d.Duty,
                }).ToArray()),
                ["gpai"] = WireName.Of(classification.Gpai),
                ["gpai_basis"] = Strings(classification.GpaiBasis),
                ["obligations"] = new JsonArray(classification.Obligations.Select(o => (JsonNode)new JsonObject
                {
                    ["article"] = o.Article,
                    ["title"] = o.Title,
                    ["applies_from"] = o.AppliesFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                }).ToArray()),
                ["calendar"] = new JsonObject
                {
                    ["name"] = classification.CalendarName,
                    ["verified"] = classification.CalendarVerified,
                },
            },
            ["tier"] = WireName.Of(classification.Tier),
            ["tier_factors"] = Strings(classification.TierFactors),
            ["reasons"] = Strings(classification.Reasons),
            ["required_controls"] = Strings(requiredControls.Select(c => c.Id)),
            ["review"] = new JsonArray(review.Select(r => (JsonNode)new JsonObject { ["reviewer"] = r.Reviewer, ["reason"] = r.Reason }).ToArray()),
            ["control_library"] = new JsonObject
            {
                ["version"] = libraryVersion.Declared,
                ["content_hash"] = libraryVersion.ContentHash,
            },
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
}
