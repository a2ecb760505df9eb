using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Features.Compliance.Intake;
using Attest.Engine.Classification;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The JSON a classification is shown as (<c>attest classify --json</c>, and the API): snake_case keys,
/// <c>eu_ai_act.class/basis/transparency/gpai/obligations</c>, <c>tier</c>, <c>reasons</c>, <c>required_controls</c>, and
/// <c>status</c> (<c>complete</c> or <c>incomplete</c>) with <c>missing</c>: the questions that decide the outcome and have
/// no answer (key, question, state <c>unanswered</c> or <c>unknown</c>, what it decides). An incomplete result has class
/// <c>incomplete</c>, <c>gpai</c> and <c>tier</c> null, and no obligations, controls or reviews.
/// </summary>
public static class ClassificationDocument
{
    public const string Format = "attest.classification/v1";

    public static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonObject ToJson(IntakeAssessment assessment, ControlLibraryVersion libraryVersion, IntakeQuestionnaire questions)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(libraryVersion);
        ArgumentNullException.ThrowIfNull(questions);
        var (answers, classification, requiredControls, review) = assessment;
        return new JsonObject
        {
            ["format"] = Format,
            ["name"] = answers.Name,
            ["status"] = WireName.Of(classification.Status),
            ["missing"] = new JsonArray(classification.Missing.Select(m => (JsonNode)new JsonObject
            {
                ["key"] = m.Key,
                ["question"] = questions.Questions.FirstOrDefault(q => q.Key == m.Key)?.Question ?? m.Key,
                ["state"] = WireName.Of(m.Gap),
                ["decides"] = m.Decides,
            }).ToArray()),
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
                ["gpai"] = classification.Gpai is { } gpai ? WireName.Of(gpai) : null,
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
            ["tier"] = classification.Tier is { } tier ? WireName.Of(tier) : null,
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
