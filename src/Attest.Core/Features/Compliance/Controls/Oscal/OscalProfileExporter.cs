using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Engine.Classification;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls.Oscal;

/// <summary>
/// Writes a system's required controls as an OSCAL 1.1.2 profile that selects them, by id, from the
/// library's OSCAL catalog (<see cref="OscalCatalogExporter"/>) at <c>catalogHref</c>.
/// </summary>
public static class OscalProfileExporter
{
    public static JsonObject Export(IntakeAssessment assessment, ControlLibraryVersion libraryVersion, string catalogHref, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(libraryVersion);
        var ids = assessment.RequiredControls.Select(c => c.Id).ToArray();
        var seed = $"{libraryVersion.ContentHash}|{assessment.Answers.Name}|{string.Join(",", ids)}";
        return new JsonObject
        {
            ["profile"] = new JsonObject
            {
                ["uuid"] = OscalCatalogExporter.DeterministicUuid("profile:" + seed).ToString(),
                ["metadata"] = new JsonObject
                {
                    ["title"] = $"Required controls: {assessment.Answers.Name}",
                    ["last-modified"] = lastModified.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    ["version"] = libraryVersion.Declared,
                    ["oscal-version"] = OscalCatalogExporter.OscalVersion,
                    ["props"] = new JsonArray
                    {
                        Prop("eu-ai-act-class", WireName.Of(assessment.Classification.Class)),
                        Prop("tier", assessment.Classification.Tier is { } tier ? WireName.Of(tier) : "incomplete"),
                        Prop("content-hash", libraryVersion.ContentHash),
                    },
                },
                ["imports"] = new JsonArray
                {
                    new JsonObject
                    {
                        ["href"] = catalogHref,
                        ["include-controls"] = new JsonArray
                        {
                            new JsonObject { ["with-ids"] = new JsonArray(ids.Select(id => (JsonNode)JsonValue.Create(id)).ToArray()) },
                        },
                    },
                },
                ["merge"] = new JsonObject { ["as-is"] = true },
            },
        };
    }

    private static JsonObject Prop(string name, string value) => new() { ["name"] = name, ["ns"] = OscalCatalogExporter.Namespace, ["value"] = value };
}
