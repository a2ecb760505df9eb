using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Controls;

namespace Attest.Core.Features.Compliance.Controls.Oscal;

/// <summary>
/// Turns an OSCAL catalog into a framework pack: every control (nested ones included, in document order)
/// becomes a requirement with the control's id and title, and the prose of its statement part as text.
/// Controls of the pack can then be mapped as <c>{pack-id}:{control-id}</c>.
/// </summary>
public static class OscalCatalogImporter
{
    /// <summary>The pack, or the problems that make the document unusable (structure checked by <see cref="OscalCatalogShape"/>).</summary>
    public static (FrameworkPack? Pack, IReadOnlyList<string> Problems) Import(JsonNode? document, string frameworkId, string source, string licence)
    {
        var problems = OscalCatalogShape.Validate(document).ToList();
        if (!Identifiers.IsFrameworkId(frameworkId))
            problems.Add($"framework id \"{frameworkId}\": expected lower-case letters, digits and hyphens");
        if (problems.Count > 0)
            return (null, problems);

        var catalog = document!["catalog"]!.AsObject();
        var metadata = catalog["metadata"]!.AsObject();
        var requirements = new List<FrameworkRequirement>();
        Collect(catalog, requirements);
        foreach (var requirement in requirements.Where(r => !Identifiers.IsRequirementId(r.Id)))
            problems.Add($"control id \"{requirement.Id}\" cannot be used as a requirement id");
        foreach (var duplicate in requirements.GroupBy(r => r.Id).Where(g => g.Count() > 1))
            problems.Add($"control id \"{duplicate.Key}\" appears more than once");
        if (requirements.Count == 0)
            problems.Add("$.catalog: the catalog has no controls");
        if (problems.Count > 0)
            return (null, problems);

        return (new FrameworkPack
        {
            Id = frameworkId,
            Title = (string)metadata["title"]!,
            Version = (string)metadata["version"]!,
            Source = $"{source} (OSCAL catalog {(string)catalog["uuid"]!})",
            Licence = licence,
            Requirements = requirements,
        }, []);
    }

    private static void Collect(JsonObject parent, List<FrameworkRequirement> requirements)
    {
        // Document order: a parent's own controls, then its groups (as the catalog model lists them).
        if (parent["controls"] is JsonArray controls)
        {
            foreach (var control in controls.OfType<JsonObject>())
            {
                requirements.Add(new FrameworkRequirement((string)control["id"]!, (string)control["title"]!, Statement(control)));
                Collect(control, requirements);
            }
        }
        if (parent["groups"] is JsonArray groups)
        {
            foreach (var group in groups.OfType<JsonObject>())
                Collect(group, requirements);
        }
    }

    /// <summary>The prose of the control's statement part and its sub-parts, one paragraph each.</summary>
    private static string Statement(JsonObject control)
    {
        var statement = (control["parts"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(p => (string?)p["name"] == "statement");
        if (statement is null)
            return "";
        var text = new StringBuilder();
        AppendProse(statement, text);
        return text.ToString().Trim();
    }

    private static void AppendProse(JsonObject part, StringBuilder text)
    {
        if (part["prose"] is JsonValue prose && prose.TryGetValue<string>(out var s))
            text.Append(s.Trim()).Append("\n\n");
        if (part["parts"] is JsonArray parts)
        {
            foreach (var child in parts.OfType<JsonObject>())
                AppendProse(child, text);
        }
    }
}
