using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Compliance.Controls.Oscal;
using Attest.Engine.Controls;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary><c>attest controls list [--framework ID] [--json]</c>.</summary>
internal static class ControlsListCommand
{
    public static Command Create(CliConsole console)
    {
        var framework = new Option<string?>("--framework") { Description = "Only controls mapped to this framework (e.g. nist-ai-rmf, eu-ai-act, iso42001, owasp-llm-2025)." };
        var json = new Option<bool>("--json") { Description = "Write the controls as JSON." };
        var dataDir = ControlsCommand.DataDirOption();
        var command = new Command("list", "List the controls of the library with their evidence, renewal and mappings.") { framework, json, dataDir };
        command.SetAction(async (ParseResult pr, CancellationToken ct) =>
        {
            var library = CliData.Library(pr.GetValue(dataDir));
            var frameworkId = pr.GetValue(framework);
            var controls = library.Controls;
            if (frameworkId is not null)
            {
                if (library.Framework(frameworkId) is null)
                    throw new CliUsageException($"--framework: unknown framework \"{frameworkId}\"; expected one of {string.Join(", ", library.Frameworks.Select(f => f.Id))}");
                controls = library.ForFramework(frameworkId);
            }
            IEnumerable<RequirementRef> Shown(Control c) => frameworkId is null ? c.Mappings : c.Mappings.Where(m => m.Framework == frameworkId);

            if (pr.GetValue(json))
            {
                var document = new JsonObject
                {
                    ["library"] = new JsonObject { ["version"] = library.Version.Declared, ["content_hash"] = library.Version.ContentHash },
                    ["framework"] = frameworkId,
                    ["controls"] = new JsonArray(controls.Select(c => (JsonNode)new JsonObject
                    {
                        ["id"] = c.Id,
                        ["title"] = c.Title,
                        ["objective"] = c.Objective,
                        ["group"] = c.Group.Id,
                        ["evidence"] = new JsonArray(c.EvidenceTypes.Select(e => (JsonNode)JsonValue.Create(e)).ToArray()),
                        ["renewal_months"] = c.RenewalMonths,
                        ["applies_when"] = OscalCatalogExporter.DescribeApplicability(c.AppliesWhen),
                        ["mappings"] = new JsonArray(Shown(c).Select(m => (JsonNode)JsonValue.Create(m.ToString())).ToArray()),
                    }).ToArray()),
                };
                await console.Out.WriteLineAsync(document.ToJsonString(ClassificationDocument.WriteOptions).AsMemory(), ct);
                return ExitCodes.Ok;
            }

            var table = new Table()
                .Title(Markup.Escape($"Control library {library.Version.Declared} ({controls.Count} controls)"))
                .AddColumn("Control").AddColumn("Title").AddColumn("Evidence").AddColumn("Renew (months)").AddColumn("Maps to");
            foreach (var c in controls)
            {
                table.AddRow(Markup.Escape(c.Id), Markup.Escape(c.Title), Markup.Escape(string.Join(", ", c.EvidenceTypes)),
                    c.RenewalMonths.ToString(CultureInfo.InvariantCulture), Markup.Escape(string.Join(", ", Shown(c))));
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }
}
