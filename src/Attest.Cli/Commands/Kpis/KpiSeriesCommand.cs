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
/// `attest kpis series ID [--from D] [--to D] [--tier T | --business-unit U] [--json]`: one KPI's daily history from the
/// stored snapshots (docs/kpis.md). Read-only; exit 0, or 2 on bad input (an unknown KPI, an unparsable or future day).
/// </summary>
internal static class KpiSeriesCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The KPI id (attest kpis lists them)." };
        var json = CommonOptions.Json();
        var from = new Option<string?>("--from") { Description = "First day (YYYY-MM-DD); default 90 days before --to." };
        var to = new Option<string?>("--to") { Description = "Last day (YYYY-MM-DD); default yesterday." };
        var tier = new Option<string?>("--tier") { Description = "The history of one internal tier (critical, high, medium, low, unclassified)." };
        var unit = new Option<string?>("--business-unit") { Description = "The history of one business unit." };
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; read through its REST API (needs --token with inventory.read).";
        var command = new Command("series", "One KPI's daily history: its value at the end of each day, from the stored snapshots.") { id, json, from, to, tier, unit };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var kpi = parse.GetValue(id)!;
            var query = new KpiSeriesQuery(parse.GetValue(from), parse.GetValue(to), parse.GetValue(tier), parse.GetValue(unit));
            string text;
            if (parse.GetValue(target.Server) is { } server)
            {
                text = await GateServer.GetAsync(server, parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    $"api/v1/kpis/{Uri.EscapeDataString(kpi)}/series" + QueryString(query), ct);
            }
            else
            {
                await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(target.Data), parse.GetValue(target.Postgres)), ct);
                var result = await session.Get<GetKpiSeries>().ExecuteAsync(ReadScope.Everything, kpi, query, ct);
                if (result.Kind == ResultKind.NotFound)
                    throw new CliUsageException(result.Message ?? $"no KPI {kpi}");
                if (!result.IsOk)
                    throw new CliUsageException(string.Join("; ", result.Errors.Select(e => $"--{e.Key.Replace('_', '-')}: {string.Join("; ", e.Value)}")));
                text = JsonSerializer.Serialize(result.Value, AttestJson.Options);
            }
            var series = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the answer is not a KPI series");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(series.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var points = series["points"]?.AsArray() ?? [];
            console.Ansi.WriteLine($"{series["name"]} ({series["id"]}), {series["from"]} to {series["to"]}: {points.Count} days");
            var table = new Table().AddColumn("day").AddColumn("value").AddColumn("numerator / denominator").AddColumn("status");
            foreach (var p in points)
            {
                var status = p?["status"]?.ToString() ?? "";
                var colour = status switch { "met" => "green", "not_met" => "red", _ => "grey" };
                table.AddRow(Markup.Escape(p?["day"]?.ToString() ?? ""), Markup.Escape(Number(p?["value"])),
                    Markup.Escape($"{Number(p?["numerator"])} / {Number(p?["denominator"])}"), $"[{colour}]{Markup.Escape(status.Replace('_', ' '))}[/]");
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string QueryString(KpiSeriesQuery query)
    {
        var parts = new List<string>();
        if (query.From is { } f) parts.Add("from=" + Uri.EscapeDataString(f));
        if (query.To is { } t) parts.Add("to=" + Uri.EscapeDataString(t));
        if (query.Tier is { } tier) parts.Add("tier=" + Uri.EscapeDataString(tier));
        if (query.BusinessUnit is { } u) parts.Add("business_unit=" + Uri.EscapeDataString(u));
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static string Number(JsonNode? n) => n is null ? "—" : n.GetValue<double>().ToString("0.###", CultureInfo.InvariantCulture);
}
