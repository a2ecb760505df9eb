using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Evidence;
using Attest.Core.Features.Oversight;
using Spectre.Console;

namespace Attest.Cli.Commands.Oversight;

/// <summary>
/// `attest oversight report --system SLUG --from DATE --to DATE (--server URL --token T | --data DIR)`: a system's oversight
/// analytics over a period, printed and stored as <c>oversight_report</c> evidence for the human-oversight controls (EU AI
/// Act Art 14), so a gate can require that oversight is not only designed but exercised.
/// </summary>
internal static class OversightCommand
{
    public const string EvidenceType = "oversight_report";

    public static Command Create(CliConsole console)
    {
        var command = new Command("oversight", "Runtime oversight of production decisions: reports of review rates, overrides, SLAs and reviewers.");
        command.Subcommands.Add(Report(console));
        return command;
    }

    private static Command Report(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var from = new Option<string?>("--from") { Description = "Start of the period (yyyy-MM-dd or ISO 8601, inclusive). Default: 30 days before --to.", HelpName = "DATE" };
        var to = new Option<string?>("--to") { Description = "End of the period (yyyy-MM-dd or ISO 8601, exclusive). Default: now.", HelpName = "DATE" };
        var output = new Option<string?>("--out") { Description = "Also write the report (JSON) here.", HelpName = "FILE" };
        var noEvidence = new Option<bool>("--no-evidence") { Description = "Print the report only; do not store it as oversight_report evidence." };
        var json = CommonOptions.Json();
        var target = EvidenceTarget.Create();
        var command = new Command("report", "Print a system's oversight analytics for a period and store them as oversight_report evidence (Art 14).")
        {
            system, from, to, output, noEvidence, json,
        };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(system)!;
            var start = Time("--from", parse.GetValue(from));
            var end = Time("--to", parse.GetValue(to));
            var text = parse.GetValue(target.Server) is { } server
                ? await GateServer.GetAsync(server, parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    $"api/v1/systems/{Uri.EscapeDataString(slug)}/oversight/metrics{Query(start, end)}", ct)
                : await LocalAsync(parse.GetValue(target.Data), parse.GetValue(target.Postgres), slug, start, end, ct);
            var report = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the metrics are not a JSON object");
            report["format"] = "attest.oversight-report/v1";
            var pretty = report.ToJsonString(AttestJson.Indented);
            if (parse.GetValue(output) is { } path)
            {
                try
                {
                    await File.WriteAllTextAsync(path, pretty, ct);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"--out {path}: cannot write the report ({e.Message})");
                }
            }
            StoredEvidence? stored = null;
            if (!parse.GetValue(noEvidence))
            {
                var period = $"{Day(report["from"])} to {Day(report["to"])}";
                var input = new EvidenceInput
                {
                    Type = EvidenceType,
                    Summary = $"Runtime oversight of {report["system_name"]?.GetValue<string>() ?? slug}, {period}: {Int(report["decisions"])} decisions, "
                        + $"{Percent(report["human_review_rate"])} sent to human review, {Percent(report["override_rate"])} of reviews overridden, SLA attainment {Percent(report["sla_attainment"])}.",
                    Method = "cli",
                    FileName = $"oversight-report-{slug}-{Day(report["from"])}-{Day(report["to"])}.json",
                    MediaType = "application/json",
                };
                stored = await target.AddAsync(parse, slug, input, () => new MemoryStream(Encoding.UTF8.GetBytes(pretty)), ct);
            }
            if (parse.GetValue(json))
            {
                if (stored is not null) report["evidence"] = new JsonObject { ["id"] = stored.Id, ["sha256"] = stored.Sha256 };
                await console.Out.WriteLineAsync(report.ToJsonString(AttestJson.Indented));
            }
            else
            {
                Print(console, report);
                await console.Out.WriteLineAsync(stored is null ? "not stored as evidence (--no-evidence)" : $"stored as oversight_report evidence {stored.Id} {stored.Sha256}");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> LocalAsync(string? data, string? postgres, string system, DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(data, postgres), ct);
        var result = await session.Get<GetOversightMetrics>().ExecuteAsync(system, from, to, ct);
        if (!result.IsOk)
            throw new CliUsageException(result.Errors.Count > 0
                ? string.Join("; ", result.Errors.Select(e => $"--{e.Key.Replace('_', '-')}: {string.Join(" ", e.Value)}"))
                : result.Message ?? result.Kind.ToString());
        return JsonSerializer.Serialize(result.Value, AttestJson.Options);
    }

    private static void Print(CliConsole console, JsonObject r)
    {
        var ansi = console.Ansi;
        ansi.WriteLine($"Oversight of {r["system_name"]} ({r["system"]}), {Day(r["from"])} to {Day(r["to"])}");
        var summary = new Table().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        void Row(string name, string value) => summary.AddRow(Markup.Escape(name), Markup.Escape(value));
        Row("decisions", Int(r["decisions"]));
        Row("sent to human review", $"{Int(r["human_review"])} ({Percent(r["human_review_rate"])})");
        Row("ungoverned (no approval in force)", Int(r["ungoverned"]));
        Row("resolved: confirmed / overridden", $"{Int(r["confirmed"])} / {Int(r["overridden"])}");
        Row("override rate", Percent(r["override_rate"]));
        Row("open / overdue / expired", $"{Int(r["open"])} / {Int(r["overdue"])} / {Int(r["expired"])}");
        Row("appeals", Int(r["appeals"]));
        Row("SLA attainment", Percent(r["sla_attainment"]));
        Row("time to resolve: median / p90", $"{Duration(r["median_time_to_resolve_seconds"])} / {Duration(r["p90_time_to_resolve_seconds"])}");
        ansi.Write(summary);
        if (r["by_reviewer"] is JsonArray reviewers && reviewers.Count > 0)
        {
            var table = new Table().AddColumn("reviewer").AddColumn(new TableColumn("resolved").RightAligned()).AddColumn(new TableColumn("agreement").RightAligned())
                .AddColumn(new TableColumn("median review").RightAligned()).AddColumn("signal");
            foreach (var x in reviewers)
                table.AddRow(Markup.Escape(x?["name"]?.GetValue<string>() ?? ""), Int(x?["resolved"]), Percent(x?["agreement_rate"]), Duration(x?["median_review_seconds"]),
                    x?["rubber_stamp_signal"]?.GetValue<bool>() == true ? "possible rubber-stamping" : "");
            ansi.Write(table);
            if (r["rubber_stamp_rule"] is { } rule) ansi.WriteLine(Markup.Escape(rule.GetValue<string>()));
        }
        if (r["overrides_by_direction"] is JsonArray directions && directions.Count > 0)
        {
            var table = new Table().AddColumn("model said").AddColumn("reviewer decided").AddColumn(new TableColumn("overrides").RightAligned());
            foreach (var x in directions)
                table.AddRow(Markup.Escape(x?["from"]?.ToString() ?? ""), Markup.Escape(x?["to"]?.ToString() ?? ""), Int(x?["count"]));
            ansi.Write(table);
        }
    }

    private static DateTimeOffset? Time(string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            return at;
        throw new CliUsageException($"{option} '{text}': expected a date (yyyy-MM-dd) or an ISO 8601 date and time");
    }

    private static string Query(DateTimeOffset? from, DateTimeOffset? to)
    {
        var parts = new List<string>();
        if (from is { } f) parts.Add("from=" + Uri.EscapeDataString(f.ToString("O", CultureInfo.InvariantCulture)));
        if (to is { } t) parts.Add("to=" + Uri.EscapeDataString(t.ToString("O", CultureInfo.InvariantCulture)));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    private static string Day(JsonNode? time) =>
        time is not null && DateTimeOffset.TryParse(time.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t)
            ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "?";

    private static string Int(JsonNode? n) => n is null ? "0" : n.ToString();

    private static string Percent(JsonNode? n) =>
        n is JsonValue v && v.TryGetValue<double>(out var d) ? d.ToString("P1", CultureInfo.InvariantCulture) : "n/a";

    private static string Duration(JsonNode? seconds)
    {
        if (seconds is not JsonValue v || !v.TryGetValue<double>(out var s)) return "n/a";
        var span = TimeSpan.FromSeconds(s);
        return span.TotalDays >= 1 ? $"{span.TotalDays:0.#} d" : span.TotalHours >= 1 ? $"{span.TotalHours:0.#} h" : span.TotalMinutes >= 1 ? $"{span.TotalMinutes:0.#} min" : $"{s:0} s";
    }
}
