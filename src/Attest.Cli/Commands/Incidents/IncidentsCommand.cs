using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Incidents;
using Attest.Core.Governance;
using Spectre.Console;

namespace Attest.Cli.Commands.Incidents;

/// <summary>
/// `attest incidents list [--all]` and `attest incidents show ID`, on a server (--server URL --token T) or a local
/// database (--data DIR | --postgres): the incidents with their next deadline, or one incident with every deadline,
/// containment step and the review. Read-only; exit 0, or 2 on bad input.
/// </summary>
internal static class IncidentsCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("incidents", "AI incidents and their legal clocks: list them, or show one.");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Show(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var all = new Option<bool>("--all") { Description = "Closed incidents too (default: those not closed)." };
        var json = CommonOptions.Json();
        var target = Target();
        var command = new Command("list", "The incidents of every system you may read, open ones first by the deadline due next.") { all, json };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var includeClosed = parse.GetValue(all);
            var text = parse.GetValue(target.Server) is { } server
                ? await GateServer.GetAsync(server, Token(parse, target), $"api/v1/incidents?all={(includeClosed ? "true" : "false")}", ct)
                : await LocalAsync(parse, target, async s => JsonSerializer.Serialize(
                    await s.Get<ListPortfolioIncidents>().ExecuteAsync(ReadScope.Everything, openOnly: !includeClosed, ct), AttestJson.Options), ct);
            var rows = JsonNode.Parse(text) as JsonArray ?? throw new CliUsageException("the answer is not a list of incidents");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(rows.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            if (rows.Count == 0)
            {
                console.Ansi.WriteLine(includeClosed ? "No incidents reported." : "No open incidents.");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumn("incident").AddColumn("system").AddColumn("severity").AddColumn("status").AddColumn("next deadline");
            foreach (var row in rows)
            {
                var i = row?["incident"];
                var next = row?["next_deadline"];
                table.AddRow(
                    Markup.Escape($"{i?["id"]} {i?["title"]}"),
                    Markup.Escape(row?["system_slug"]?.ToString() ?? ""),
                    Markup.Escape(Human(i?["severity"])),
                    Markup.Escape(Human(i?["status"])),
                    next is null ? "—" : Deadline(next));
            }
            console.Ansi.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Show(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "The incident id (inc_…)." };
        var json = CommonOptions.Json();
        var target = Target();
        var command = new Command("show", "One incident: facts, every deadline with its article and time left, containment and the review.") { id, json };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var incidentId = parse.GetValue(id)!;
            var text = parse.GetValue(target.Server) is { } server
                ? await GateServer.GetAsync(server, Token(parse, target), $"api/v1/incidents/{Uri.EscapeDataString(incidentId)}", ct)
                : await LocalAsync(parse, target, async s =>
                {
                    var result = await s.Get<GetIncident>().ExecuteAsync(incidentId, ct);
                    return result.IsOk ? JsonSerializer.Serialize(result.Value, AttestJson.Options) : throw new CliUsageException(result.Message ?? $"No incident '{incidentId}'.");
                }, ct);
            var incident = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the answer is not an incident");
            if (parse.GetValue(json))
            {
                await console.Out.WriteLineAsync(incident.ToJsonString(AttestJson.Indented));
                return ExitCodes.Ok;
            }
            var ansi = console.Ansi;
            ansi.MarkupLine($"[bold]{Markup.Escape(incident["title"]?.ToString() ?? "")}[/] ({Markup.Escape(incident["id"]?.ToString() ?? "")})");
            ansi.WriteLine($"{Human(incident["status"])}, {Human(incident["severity"])}, {incident["category_name"]}; aware since {incident["aware_at"]}");
            var deadlines = new Table().AddColumn("obligation").AddColumn("rule").AddColumn("due").AddColumn("state");
            foreach (var d in incident["deadlines"]?.AsArray() ?? [])
                deadlines.AddRow(Markup.Escape(d?["label"]?.ToString() ?? ""), Markup.Escape($"{Human(d?["regime"])}: {d?["citation"]}"), Markup.Escape(d?["due_at"]?.ToString() ?? ""), Deadline(d!));
            ansi.Write(deadlines);
            foreach (var step in incident["containment"]?.AsArray() ?? [])
                ansi.WriteLine($"Contained: {Human(step?["kind"])} — {step?["detail"]} ({step?["by"]}, {step?["at"]})");
            if (incident["review"] is JsonObject review)
                ansi.WriteLine($"Reviewed: {review["root_cause_name"]} — {review["governance_gap"]} ({review["reviewed_by"]})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static EvidenceTarget Target()
    {
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; read through its REST API (needs --token with incidents.read).";
        return target;
    }

    private static string? Token(ParseResult parse, EvidenceTarget target) =>
        parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable);

    private static async Task<string> LocalAsync(ParseResult parse, EvidenceTarget target, Func<CoreSession, Task<string>> read, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(target.Data), parse.GetValue(target.Postgres)), ct);
        return await read(session);
    }

    private static string Human(JsonNode? value) => (value?.ToString() ?? "").Replace('_', ' ');

    private static string Deadline(JsonNode d)
    {
        var state = d["state"]?.ToString() ?? "";
        var hours = d["hours_left"]?.GetValue<double>() ?? 0;
        var (colour, words) = state switch
        {
            "met" => ("green", "met"),
            "met_late" => ("yellow", "met late"),
            "overdue" => ("red", $"overdue by {Math.Abs(hours).ToString("0", CultureInfo.InvariantCulture)} h"),
            _ => ("yellow", $"{hours.ToString("0", CultureInfo.InvariantCulture)} h left"),
        };
        return $"[{colour}]{Markup.Escape($"{d["label"]}: {words}")}[/]";
    }
}
