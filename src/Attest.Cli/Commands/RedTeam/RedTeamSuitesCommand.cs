using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Attest.Core.DataFiles;
using Attest.Core.Features.RedTeam;
using Attest.Engine.RedTeam;
using Spectre.Console;

namespace Attest.Cli.Commands.RedTeam;

internal static class RedTeamSuitesCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CommonOptions.Json();
        var command = new Command("suites", "List the shipped probe suites with their probe counts per OWASP LLM Top 10 2025 category.");
        command.Options.Add(json);
        command.SetAction(async (pr, ct) =>
        {
            var suites = new List<ProbeSuite>();
            foreach (var name in ProbeSuiteLoader.ShippedNames())
            {
                try { suites.Add(ProbeSuiteLoader.Resolve(name).Suite); }
                catch (DataFileException e) { throw new CliUsageException(e.Message); }
            }
            var categories = OwaspLlm.Titles2025.Keys.Where(k => suites.Any(s => s.Probes.Any(p => p.Owasp == k))).ToArray();
            if (pr.GetValue(json))
            {
                var items = suites.Select(s => new Dictionary<string, object?>
                {
                    ["id"] = s.Id,
                    ["title"] = s.Title,
                    ["probes"] = s.Probes.Count,
                    ["origin"] = s.Origin,
                    ["licence"] = s.Licence,
                    ["sha256"] = s.Sha256,
                    ["by_owasp"] = s.Probes.GroupBy(p => p.Owasp).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
                });
                await console.Out.WriteLineAsync(JsonSerializer.Serialize(items, new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("suite").AddColumn(new TableColumn("probes").RightAligned());
            foreach (var c in categories) table.AddColumn(new TableColumn(c).RightAligned());
            foreach (var s in suites)
            {
                var row = new List<string> { Markup.Escape(s.Id), s.Probes.Count.ToString(CultureInfo.InvariantCulture) };
                row.AddRange(categories.Select(c => s.Probes.Count(p => p.Owasp == c) is var n && n > 0 ? n.ToString(CultureInfo.InvariantCulture) : ""));
                table.AddRow(row.ToArray());
            }
            console.Ansi.Write(table);
            console.Ansi.MarkupLine(Markup.Escape(string.Join("  ", categories.Select(OwaspLlm.Label))));
            return ExitCodes.Ok;
        });
        return command;
    }
}
