using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Cli.Commands.Evidence;
using Attest.Core.Common;
using Attest.Core.Features.Monitoring;
using Spectre.Console;

namespace Attest.Cli.Commands.Monitoring;

/// <summary>
/// `attest monitor run --system SLUG (--server URL --token T | --data DIR) [--json]`: evaluates every signal of a system's
/// monitoring plan now — on a server through its API, or on a local database — and prints each signal's value and status.
/// Exit 0 when no signal is past its threshold, 1 when one is (an alert is open), 2 on bad input.
/// </summary>
internal static class MonitorCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("monitor", "Production monitoring: evaluate a system's monitoring plan (signals, thresholds, alerts).");
        command.Subcommands.Add(Run(console));
        return command;
    }

    private static Command Run(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system (slug or id).", Required = true, HelpName = "SLUG" };
        var json = CommonOptions.Json();
        var target = EvidenceTarget.Create();
        target.Server.Description = "Attest server URL; the evaluation runs there (POST /api/v1/systems/{id}/monitoring/run).";
        var command = new Command("run", "Evaluate every signal of a system's monitoring plan now; breaches open (or repeat) alerts. Exit 1 when a signal is breached.")
        {
            system, json,
        };
        target.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var slug = parse.GetValue(system)!;
            var text = parse.GetValue(target.Server) is { } server
                ? await PostAsync(server, parse.GetValue(target.Token) ?? Environment.GetEnvironmentVariable(EvidenceTarget.TokenEnvironmentVariable),
                    $"api/v1/systems/{Uri.EscapeDataString(slug)}/monitoring/run", ct)
                : await LocalAsync(parse.GetValue(target.Data), parse.GetValue(target.Postgres), slug, ct);
            var run = JsonNode.Parse(text) as JsonObject ?? throw new CliUsageException("the answer is not a JSON object");
            var signals = run["signals"]?.AsArray() ?? [];
            if (parse.GetValue(json))
                await console.Out.WriteLineAsync(run.ToJsonString(AttestJson.Indented));
            else
                Print(console, run, signals);
            return signals.Any(s => s?["status"]?.GetValue<string>() == "breached") ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> LocalAsync(string? data, string? postgres, string system, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(data, postgres), ct);
        var result = await session.Get<RunMonitoring>().ExecuteAsync(system, null, RunMonitoring.OnDemand, CliActor.Caller, ct);
        if (!result.IsOk)
            throw new CliUsageException(result.Errors.Count > 0 ? string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")) : result.Message ?? result.Kind.ToString());
        return JsonSerializer.Serialize(result.Value, AttestJson.Options);
    }

    private static async Task<string> PostAsync(string serverUrl, string? token, string path, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new CliUsageException("--server needs --token T (or $ATTEST_TOKEN): an API key with monitoring.run.");
        if (!Uri.TryCreate(serverUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            throw new CliUsageException($"--server: expected an http(s) URL, got '{serverUrl}'.");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(new Uri(path, UriKind.Relative), new StringContent("", System.Text.Encoding.UTF8, "application/json"), ct);
        }
        catch (HttpRequestException e)
        {
            throw new CliUsageException($"--server {serverUrl}: {e.Message}");
        }
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new CliUsageException($"--server {serverUrl}: {(int)response.StatusCode} {Problem(body) ?? response.ReasonPhrase}");
            return body;
        }
    }

    private static string? Problem(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString()
                : doc.RootElement.TryGetProperty("title", out var title) ? title.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Print(CliConsole console, JsonObject run, JsonArray signals)
    {
        var ansi = console.Ansi;
        ansi.WriteLine($"Monitoring of {run["system"]} (plan version {run["plan_version"]}, model {run["model_version"]}) at {run["evaluated_at"]}");
        var table = new Table().AddColumn("signal").AddColumn("status").AddColumn(new TableColumn("value").RightAligned()).AddColumn("threshold").AddColumn(new TableColumn("n").RightAligned()).AddColumn("alert");
        foreach (var s in signals)
        {
            var status = s?["status"]?.GetValue<string>() ?? "";
            var colour = status switch { "breached" => "red", "ok" => "green", _ => "yellow" };
            table.AddRow(
                Markup.Escape($"{s?["id"]} ({s?["kind"]} {s?["metric"]}{(s?["target"]?.GetValue<string>() is { Length: > 0 } t ? " " + t : "")})"),
                $"[{colour}]{Markup.Escape(status.Replace('_', ' '))}[/]",
                Markup.Escape(s?["value"] is JsonValue v ? v.GetValue<double>().ToString("0.####", CultureInfo.InvariantCulture) : "—"),
                Markup.Escape($"{s?["comparator"]} {s?["threshold"]}"),
                Markup.Escape(s?["n"]?.ToString() ?? ""),
                Markup.Escape(s?["alert"]?.GetValue<string>() ?? ""));
        }
        ansi.Write(table);
    }
}
