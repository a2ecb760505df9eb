using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Engine.Classification;

namespace Attest.Core.Features.Gates;

/// <summary>A gate verdict for CI systems: JUnit XML (one test case per requirement) and SARIF 2.1.0 (one result per unmet requirement).</summary>
public static class GateReportFormats
{
    public const string SarifSchema = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string InformationUri = "https://github.com/attest-ai/attest/blob/main/docs/gates.md";

    public static string Json(GateReport report) => JsonSerializer.Serialize(report, AttestJson.Indented);

    /// <summary>
    /// JUnit XML as read by Jenkins, GitLab and GitHub test reporters: one suite per gate, one test case per requirement
    /// (class name = requirement kind), a failure element with the reason and remedy for each unmet one.
    /// </summary>
    public static string JUnit(GateReport report)
    {
        var name = $"attest gate {WireName.Of(report.Stage)} {report.System}{(report.ModelVersion is null ? "" : " " + report.ModelVersion)}";
        var failures = report.Requirements.Count(r => !r.Met);
        var suite = new XElement("testsuite",
            new XAttribute("name", name),
            new XAttribute("tests", report.Requirements.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("skipped", 0),
            new XElement("properties",
                new XElement("property", new XAttribute("name", "decision"), new XAttribute("value", WireName.Of(report.Decision))),
                new XElement("property", new XAttribute("name", "tier"), new XAttribute("value", WireName.Of(report.Tier))),
                new XElement("property", new XAttribute("name", "gate"), new XAttribute("value", report.GateSource))),
            report.Requirements.Select(r => new XElement("testcase",
                new XAttribute("classname", "attest.gate." + WireName.Of(r.Kind)),
                new XAttribute("name", r.Requirement),
                r.Met
                    ? new XElement("system-out", r.Reason)
                    : new XElement("failure",
                        new XAttribute("message", r.Reason),
                        new XAttribute("type", WireName.Of(r.Kind)),
                        $"{r.Reason}\nTo satisfy: {r.Remedy}" + (r.Frameworks.Count == 0 ? "" : $"\nServes: {string.Join(", ", r.Frameworks)}")))));
        var doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites",
                new XAttribute("name", "attest gate"),
                new XAttribute("tests", report.Requirements.Count),
                new XAttribute("failures", failures),
                suite));
        using var writer = new Utf8StringWriter();
        doc.Save(writer);
        return writer.ToString();
    }

    /// <summary>
    /// SARIF 2.1.0: one run of the tool "attest gate"; a rule per unmet requirement id, one error-level result per
    /// unmet requirement with a logical location (the system, and its control when there is one).
    /// </summary>
    public static string Sarif(GateReport report, string toolVersion)
    {
        var rules = new JsonArray();
        var results = new JsonArray();
        var index = 0;
        foreach (var u in report.Unmet)
        {
            rules.Add(new JsonObject
            {
                ["id"] = u.Requirement,
                ["name"] = WireName.Of(u.Kind),
                ["shortDescription"] = new JsonObject { ["text"] = $"{WireName.Of(u.Kind)} requirement {u.Requirement}" },
                ["help"] = new JsonObject { ["text"] = u.Remedy },
                ["helpUri"] = InformationUri,
            });
            var location = new JsonObject
            {
                ["name"] = u.Control ?? u.Requirement,
                ["fullyQualifiedName"] = $"{report.System}/{u.Control ?? u.Requirement}",
                ["kind"] = "module",
            };
            results.Add(new JsonObject
            {
                ["ruleId"] = u.Requirement,
                ["ruleIndex"] = index++,
                ["level"] = "error",
                ["kind"] = "fail",
                ["message"] = new JsonObject { ["text"] = $"{u.Reason} To satisfy: {u.Remedy}" },
                ["locations"] = new JsonArray(new JsonObject { ["logicalLocations"] = new JsonArray(location) }),
                ["properties"] = new JsonObject
                {
                    ["control"] = u.Control,
                    ["frameworks"] = new JsonArray(u.Frameworks.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                },
            });
        }
        var sarif = new JsonObject
        {
            ["$schema"] = SarifSchema,
            ["version"] = "2.1.0",
            ["runs"] = new JsonArray(new JsonObject
            {
                ["tool"] = new JsonObject
                {
                    ["driver"] = new JsonObject
                    {
                        ["name"] = "attest gate",
                        ["version"] = toolVersion,
                        ["informationUri"] = InformationUri,
                        ["rules"] = rules,
                    },
                },
                ["results"] = results,
                ["properties"] = new JsonObject
                {
                    ["system"] = report.System,
                    ["model_version"] = report.ModelVersion,
                    ["stage"] = WireName.Of(report.Stage),
                    ["tier"] = WireName.Of(report.Tier),
                    ["decision"] = WireName.Of(report.Decision),
                    ["evaluated_on"] = report.EvaluatedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                },
            }),
        };
        return sarif.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture) { }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
