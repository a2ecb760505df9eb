using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls;
using Attest.Engine.Controls;
using Attest.Engine.Rules;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// A control proposed by a <c>control_change</c> corrective action: checked when proposed (against the library and
/// framework packs in force), stored as normalised JSON, turned into a library control when the action is completed.
/// </summary>
public static class ProposedControls
{
    public static readonly ControlGroup FromIncidents = new("organisation", "Organisation controls (from incidents)");

    /// <summary>The normalised proposal as JSON, or null after recording errors under <paramref name="path"/>.</summary>
    public static string? Check(ProposedControlInput input, string path, ComplianceData compliance, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(compliance);
        ArgumentNullException.ThrowIfNull(errors);
        var before = errors.Count;
        var existing = input.Id is null ? null : compliance.Library.Controls.FirstOrDefault(c => c.Id == input.Id);
        errors.Required(path + ".id", input.Id);
        if (input.Id is not null && !Identifiers.IsControlId(input.Id))
            errors.Add(path + ".id", $"expected an id like ATT-GOV-01 (upper-case words joined by hyphens), got \"{input.Id}\"");
        errors.MaxLength(path + ".id", input.Id, 60);
        if (existing is null)
        {
            errors.Required(path + ".title", input.Title);
            errors.Required(path + ".objective", input.Objective);
            if (input.Evidence is null || input.Evidence.Count == 0)
                errors.Add(path + ".evidence", "list at least one evidence type, e.g. incident_runbook");
            if (input.Mappings is null || input.Mappings.Count == 0)
                errors.Add(path + ".mappings", "list at least one framework requirement, e.g. eu-ai-act:art-73");
        }
        errors.MaxLength(path + ".title", input.Title, 200);
        errors.MaxLength(path + ".objective", input.Objective, 4000);
        foreach (var (type, i) in (input.Evidence ?? []).Select((t, i) => (t, i)).Where(x => x.t is null || !Identifiers.IsEvidenceType(x.t)))
            errors.Add($"{path}.evidence[{i}]", $"expected an evidence type like model_card, got \"{type}\"");
        if (input.RenewalMonths is { } months && (months < 1 || months > ControlFileReader.MaxRenewalMonths))
            errors.Add(path + ".renewal_months", $"must be from 1 to {ControlFileReader.MaxRenewalMonths}");
        foreach (var (text, i) in (input.Mappings ?? []).Select((t, i) => (t, i)))
        {
            if (text is null || !RequirementRef.TryParse(text, out var reference))
                errors.Add($"{path}.mappings[{i}]", $"expected framework:requirement such as nist-ai-rmf:MEASURE-2.11, got \"{text}\"");
            else if (compliance.Library.Framework(reference!.Framework) is not { } pack || !pack.Contains(reference.Requirement))
                errors.Add($"{path}.mappings[{i}]", $"no requirement {text} in the framework packs in force");
        }
        if (input.Scope is not null and not ("system" or "all"))
            errors.Add(path + ".scope", "must be system (the incident's system) or all (every classified system)");
        if (errors.Count > before)
            return null;
        var node = new JsonObject
        {
            ["id"] = input.Id,
            ["changes_existing"] = existing is not null,
            ["title"] = input.Title?.Trim() ?? existing!.Title,
            ["objective"] = input.Objective?.Trim() ?? existing!.Objective,
            ["evidence"] = new JsonArray([.. (input.Evidence is { Count: > 0 } e ? e : existing!.EvidenceTypes).Select(x => (JsonNode?)JsonValue.Create(x))]),
            ["renewal_months"] = input.RenewalMonths ?? existing?.RenewalMonths ?? 12,
            ["mappings"] = new JsonArray([.. (input.Mappings is { Count: > 0 } m ? m : existing!.Mappings.Select(r => r.ToString())).Select(x => (JsonNode?)JsonValue.Create(x))]),
            ["scope"] = existing is not null ? null : input.Scope ?? "system",
        };
        return node.ToJsonString();
    }

    /// <summary>The library control a stored proposal becomes; a changed control keeps its group and applicability.</summary>
    public static Control ToControl(string json, ControlLibrary library, string source)
    {
        ArgumentNullException.ThrowIfNull(library);
        var node = JsonNode.Parse(json)!;
        var id = node["id"]!.GetValue<string>();
        var existing = library.Controls.FirstOrDefault(c => c.Id == id);
        return new Control
        {
            Id = id,
            Title = node["title"]!.GetValue<string>(),
            Objective = node["objective"]!.GetValue<string>(),
            Group = existing?.Group ?? FromIncidents,
            EvidenceTypes = node["evidence"]!.AsArray().Select(x => x!.GetValue<string>()).ToArray(),
            RenewalMonths = node["renewal_months"]!.GetValue<int>(),
            AppliesWhen = existing?.AppliesWhen ?? ApplicabilityRule.Always,
            Mappings = node["mappings"]!.AsArray().Select(x => RequirementRef.TryParse(x!.GetValue<string>(), out var r) ? r! : throw new InvalidDataException($"Stored control {id} has a bad mapping.")).ToArray(),
            Source = source,
        };
    }
}
