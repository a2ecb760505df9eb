using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Kpis;
using Attest.Core.Governance;
using Spectre.Console;

namespace Attest.Cli.Commands.Kpis;

/// <summary>
/// `attest kpis [--json] [--as-of D] [--tier T] [--business-unit U]`, on a server (--server URL --token T) or a local
/// database (--data DIR | --postgres): every programme KPI with its value, target and status. Read-only; exit 0, or 2 on
/// bad input (an unparsable or future --as-of, an unknown tier).
/// </summary>
internal static class KpisCommand
{
    public static Command Create(CliConsole console)
    {
        var json = CommonOptions.Json();
        var asOf = new Option<string?>("--as-of") { Description = "A past day (YYYY-MM-DD) or ISO 8601 time; default now." };
        var tier = new Option<string?>("--tier") { Description = "Only systems of this internal tier (critical, high, medium, low, unclassified)." };
        var unit = new Option<string?>("--business-unit") { Description = "Only systems of this business unit." };
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; read through its REST API (needs --token with inventory.read).";
        var command = new Command("kpis", "The responsible-AI programme's KPIs: value, target and status, with numerator and denominator.") { json, asOf, tier, unit };
        target.AddTo(command);
        command.Subcommands.Add(KpiSeriesCommand.Create(console));
        command.SetAction(async (parse, ct) =>
        {
            var query = new KpiQuery(parse.GetValue(asOf), parse.GetValue(tier), parse.GetValue(unit));
            string text;
            if (parse.GetValue(target.Server) is { } server)
            {
                text = await GateServer.GetAsync(server, parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    "api/v1/kpis" + QueryString(query), ct);
            }
            else
            {
                await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(target.Data), parse.GetValue(target.Postgres)), ct);
                var result = await session.Get<GetKpis>().ExecuteAsync(ReadScope.Everything, query, ct);
                if (!result.IsOk)
                    throw new CliUsageException(string.Join("; ", result.Errors.Select(e => $"--{e.Key.Replace('_', '-')}: {string.Join("; ", e.Value)}")));
                text = JsonSerializer.Serialize(result.Value, AttestJson.Options);
            }
            var report = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the answer is not a KPI report");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(report.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            console.Ansi.WriteLine($"KPIs as of {report["as_of"]}");
            var table = new Table().AddColumn("KPI").AddColumn("value").AddColumn("target").AddColumn("status").AddColumn("numerator / denominator");
            foreach (var kpi in report["kpis"]?.AsArray() ?? [])
            {
                var status = kpi?["status"]?.ToString() ?? "";
                var colour = status switch { "met" => "green", "not_met" => "red", _ => "grey" };
                table.AddRow(
                    Markup.Escape($"{kpi?["name"]} ({kpi?["id"]})"),
                    Markup.Escape(kpi?["value"] is null ? "—" : Number(kpi["value"]) + Unit(kpi)),
                    Markup.Escape(((kpi?["definition"]?["direction"]?.ToString() == "at_most") ? "≤ " : "≥ ") + Number(kpi?["target"]) + Unit(kpi)),
                    $"[{colour}]{Markup.Escape(status.Replace('_', ' '))}[/]",
                    Markup.Escape(kpi?["value"] is null ? kpi?["reason"]?.ToString() ?? "" : $"{Number(kpi?["numerator"])} / {Number(kpi?["denominator"])}"));
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string QueryString(KpiQuery query)
    {
        var parts = new List<string>();
        if (query.AsOf is { } a) parts.Add("as_of=" + Uri.EscapeDataString(a));
        if (query.Tier is { } t) parts.Add("tier=" + Uri.EscapeDataString(t));
        if (query.BusinessUnit is { } u) parts.Add("business_unit=" + Uri.EscapeDataString(u));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Number(JsonNode? n) => n is null ? "—" : n.GetValue<double>().ToString("0.###", CultureInfo.InvariantCulture);

    private static string Unit(JsonNode? kpi) => kpi?["definition"]?["unit"]?.ToString() switch
    {
        "percent" => " %",
        "days" => " days",
        _ => "",
    };
}
