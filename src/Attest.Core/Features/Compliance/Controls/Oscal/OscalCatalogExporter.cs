using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Controls;
using Attest.Engine.Rules;

namespace Attest.Core.Features.Compliance.Controls.Oscal;

/// <summary>
/// Writes the control library as an OSCAL 1.1.2 catalog: one group per control group, one control per
/// control with its objective as the statement part, its applicability as a guidance part, and its
/// evidence types, renewal period and framework mappings as props in Attest's namespace.
/// </summary>
public static class OscalCatalogExporter
{
    public const string OscalVersion = "1.1.2";
    public const string Namespace = "https://attest.dev/ns/oscal";

    public static JsonObject Export(ControlLibrary library, DateTimeOffset lastModified)
    {
        ArgumentNullException.ThrowIfNull(library);
        var groups = new JsonArray();
        foreach (var group in library.Controls.Select(c => c.Group).DistinctBy(g => g.Id))
        {
            var controls = new JsonArray(library.Controls.Where(c => c.Group.Id == group.Id).Select(c => (JsonNode)Control(c)).ToArray());
            groups.Add(new JsonObject { ["id"] = group.Id, ["title"] = group.Title, ["controls"] = controls });
        }
        var metadataProps = new JsonArray { Prop("content-hash", library.Version.ContentHash) };
        foreach (var framework in library.Frameworks)
            metadataProps.Add(Prop("framework", $"{framework.Id}: {framework.Title} ({framework.Version})"));
        return new JsonObject
        {
            ["catalog"] = new JsonObject
            {
                ["uuid"] = DeterministicUuid(library.Version.ContentHash).ToString(),
                ["metadata"] = new JsonObject
                {
                    ["title"] = "Attest control library",
                    ["last-modified"] = lastModified.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    ["version"] = library.Version.Declared,
                    ["oscal-version"] = OscalVersion,
                    ["props"] = metadataProps,
                    ["remarks"] = "Controls of the Attest control library with their mappings to framework requirements (props named mapping, value framework:requirement).",
                },
                ["groups"] = groups,
            },
        };
    }

    private static JsonObject Control(Control control)
    {
        var props = new JsonArray { new JsonObject { ["name"] = "label", ["value"] = control.Id } };
        props.Add(Prop("renewal-months", control.RenewalMonths.ToString(CultureInfo.InvariantCulture)));
        foreach (var evidence in control.EvidenceTypes)
            props.Add(Prop("evidence-type", evidence));
        foreach (var mapping in control.Mappings)
            props.Add(Prop("mapping", mapping.ToString()));
        return new JsonObject
        {
            ["id"] = control.Id,
            ["title"] = control.Title,
            ["props"] = props,
            ["parts"] = new JsonArray
            {
                new JsonObject { ["id"] = control.Id + "_smt", ["name"] = "statement", ["prose"] = control.Objective },
                new JsonObject { ["id"] = control.Id + "_gdn", ["name"] = "guidance", ["prose"] = DescribeApplicability(control.AppliesWhen) },
            },
        };
    }

    private static JsonObject Prop(string name, string value) => new() { ["name"] = name, ["ns"] = Namespace, ["value"] = value };

    /// <summary>"Applies when eu_class is high_risk and operator_role is provider or deployer; or when ..."</summary>
    public static string DescribeApplicability(ApplicabilityRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.IsAlways)
            return "Applies to every AI system.";
        var conditions = rule.AnyOf.Select(c => string.Join(" and ", c.Clauses.Select(clause => $"{clause.Key} is {string.Join(" or ", clause.Value)}")));
        return "Applies when " + string.Join("; or when ", conditions) + ".";
    }

    /// <summary>A name-based UUID (version 5 layout) from the library's content hash, so the same library always exports the same catalog uuid.</summary>
    public static Guid DeterministicUuid(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("attest-oscal-catalog:" + seed))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
