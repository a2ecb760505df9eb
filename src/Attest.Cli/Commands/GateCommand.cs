using System.CommandLine;
using System.Reflection;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.DataFiles;
using Attest.Core.Features.Gates;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Spectre.Console;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest gate`: the release gate of a system (and model version) for a lifecycle transition, for CI.
/// Exit 0 go, 1 no-go, 2 bad input. Reads a server's API, a data directory's database or, offline, an exported
/// gate bundle (<c>--bundle</c>, evaluated on today's date); <c>attest gate export</c> writes such a bundle.
/// </summary>
internal static class GateCommand
{
    public static Command Create(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system's slug or id.", Required = true, HelpName = "SLUG" };
        var modelVersion = new Option<string?>("--model-version") { Description = "The model version (version, name@version or id).", HelpName = "V" };
        var stage = new Option<string>("--stage")
        {
            Description = $"The lifecycle transition: {string.Join(", ", WireName.All<GateStage>())}.",
            DefaultValueFactory = _ => WireName.Of(GateStage.PreLaunch),
        };
        var server = new Option<string?>("--server") { Description = "An Attest server's base URL (with --token).", HelpName = "URL" };
        var token = new Option<string?>("--token") { Description = "An API key for --server. Default: $ATTEST_TOKEN.", HelpName = "T" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var junit = new Option<string?>("--junit") { Description = "Also write JUnit XML here (one test case per requirement).", HelpName = "FILE" };
        var sarif = new Option<string?>("--sarif") { Description = "Also write SARIF 2.1.0 here (one result per unmet requirement).", HelpName = "FILE" };
        var evaluation = new Option<string[]>("--evaluation")
        {
            Description = "An 'attest evaluate fairness --format json' report whose measurements the gate's evaluation rules judge (repeatable; with --data or --bundle).",
            HelpName = "FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var bundle = new Option<string?>("--bundle")
        {
            Description = "Evaluate offline from a gate bundle ('attest gate export'), on today's date, instead of --server or --data.",
            HelpName = "FILE",
        };
        var trustedKey = new Option<string[]>("--trusted-key")
        {
            Description = "With --bundle: require a signature by this ledger public key (a PEM file or base64; repeatable for rotated keys).",
            HelpName = "PEM",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Write the verdict as JSON (decision, unmet, requirements) instead of a table." };
        var command = new Command("gate", "Evaluate a release gate: exit 0 go, 1 no-go, 2 bad input.")
        {
            system, modelVersion, stage, server, token, data, postgres, bundle, trustedKey, evaluation, junit, sarif, json,
        };
        command.Subcommands.Add(GateExportCommand.Create(console));
        command.SetAction(async (parse, ct) =>
        {
            var stageText = parse.GetValue(stage)!;
            if (!WireName.TryParse<GateStage>(stageText, out var gateStage))
                throw new CliUsageException($"--stage must be one of {string.Join(", ", WireName.All<GateStage>())}, got '{stageText}'.");
            var serverUrl = parse.GetValue(server);
            var bundleFile = parse.GetValue(bundle);
            var trusted = parse.GetValue(trustedKey) ?? [];
            var fromDatabase = parse.GetValue(data) is not null || parse.GetValue(postgres) is not null;
            if (bundleFile is not null && (serverUrl is not null || fromDatabase))
                throw new CliUsageException("--bundle evaluates offline: give --bundle FILE without --server or --data.");
            if (bundleFile is null && trusted.Length > 0)
                throw new CliUsageException("--trusted-key checks a bundle's signature: give it with --bundle FILE.");
            if (serverUrl is not null && fromDatabase)
                throw new CliUsageException("give either --server URL --token T or --data DIR, not both.");
            var evaluations = parse.GetValue(evaluation) ?? [];
            if (serverUrl is not null && evaluations.Length > 0)
                throw new CliUsageException("--evaluation works with --data or --bundle; a server judges the evaluations stored as evidence.");
            var measurements = evaluations.SelectMany(ReadEvaluation).ToArray();
            var report = bundleFile is not null
                ? FromBundle(bundleFile, TrustedKeyOption.Parse(trusted, "--trusted-key"), parse.GetValue(system)!, parse.GetValue(modelVersion), gateStage, measurements,
                    DateOnly.FromDateTime(console.Time.GetUtcNow().UtcDateTime))
                : serverUrl is null
                ? await FromDatabaseAsync(parse.GetValue(data), parse.GetValue(postgres), parse.GetValue(system)!, parse.GetValue(modelVersion), gateStage, measurements, ct)
                : await FromServerAsync(serverUrl, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("ATTEST_TOKEN"),
                    parse.GetValue(system)!, parse.GetValue(modelVersion), gateStage, ct);

            if (parse.GetValue(junit) is { } junitFile)
                await WriteFileAsync(junitFile, "--junit", GateReportFormats.JUnit(report), ct);
            if (parse.GetValue(sarif) is { } sarifFile)
                await WriteFileAsync(sarifFile, "--sarif", GateReportFormats.Sarif(report, ToolVersion()), ct);
            if (parse.GetValue(json))
                await console.Out.WriteLineAsync(GateReportFormats.Json(report));
            else
                Print(console, report);
            return report.Decision == GateDecision.Go ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static IReadOnlyList<EvaluationMeasurement> ReadEvaluation(string path)
    {
        try
        {
            return FairnessReportMeasurements.Read(CliData.ReadFile(path), path, Path.GetFileName(path));
        }
        catch (FormatException e)
        {
            throw new CliUsageException("--evaluation " + e.Message);
        }
    }

    private static async Task<GateReport> FromDatabaseAsync(string? data, string? postgres, string system, string? modelVersion, GateStage stage,
        IReadOnlyList<EvaluationMeasurement> measurements, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenReadOnlyAsync(CommonOptions.ResolveDatabase(data, postgres), ct);
        Result<GateReport> result;
        try
        {
            result = await session.Get<EvaluateGate>().ExecuteAsync(system, modelVersion, stage, ct, measurements);
        }
        catch (DataFileException e)
        {
            throw new CliUsageException(e.Message);
        }
        return result.IsOk ? result.Value! : throw new CliUsageException(Describe(result));
    }

    private static GateReport FromBundle(string path, IReadOnlyList<byte[]> trustedKeys, string system, string? modelVersion, GateStage stage,
        IReadOnlyList<EvaluationMeasurement> measurements, DateOnly today)
    {
        var opened = OpenBundle(path);
        if (trustedKeys.Count > 0 && OfflineGate.SignatureProblem(opened, trustedKeys) is { } problem)
            throw new CliUsageException($"--bundle {path}: {problem}.");
        var result = OfflineGate.Evaluate(opened.Bundle, system, modelVersion, stage, today, measurements);
        return result.IsOk ? result.Value! : throw new CliUsageException($"--bundle {path}: {Describe(result)}");
    }

    /// <summary>A bundle file read and checked against its SHA-256; an unreadable, malformed or altered one is bad input.</summary>
    internal static OpenedGateBundle OpenBundle(string path)
    {
        try
        {
            return GateBundleDocument.Open(CliData.ReadFile(path));
        }
        catch (FormatException e)
        {
            throw new CliUsageException($"--bundle {path}: {e.Message}");
        }
    }

    private static async Task<GateReport> FromServerAsync(string serverUrl, string? token, string system, string? modelVersion, GateStage stage, CancellationToken ct)
    {
        var path = $"api/v1/systems/{Uri.EscapeDataString(system)}/gate?stage={WireName.Of(stage)}"
            + (modelVersion is null ? "" : "&model_version=" + Uri.EscapeDataString(modelVersion));
        var body = await GateServer.GetAsync(serverUrl, token, path, ct);
        try
        {
            return JsonSerializer.Deserialize<GateReport>(body, AttestJson.Options)
                ?? throw new CliUsageException($"--server {serverUrl}: empty gate response");
        }
        catch (JsonException e)
        {
            throw new CliUsageException($"--server {serverUrl}: not a gate response ({e.Message})");
        }
    }

    private static string Describe(Result<GateReport> result) =>
        result.Errors is { Count: > 0 } errors
            ? string.Join("; ", errors.Select(e => $"--{e.Key.Replace('_', '-')}: {string.Join(" ", e.Value)}"))
            : result.Message ?? result.Kind.ToString();

    private static async Task WriteFileAsync(string path, string option, string text, CancellationToken ct)
    {
        try
        {
            await File.WriteAllTextAsync(path, text, ct);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"{option} {path}: {e.Message}");
        }
    }

    private static string ToolVersion() =>
        typeof(GateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";

    private static void Print(CliConsole console, GateReport report)
    {
        var table = new Table().AddColumns("", "Requirement", "Reason", "To satisfy");
        foreach (var r in report.Requirements)
            table.AddRow(r.Met ? "[green]met[/]" : "[red]unmet[/]", Markup.Escape(r.Requirement), Markup.Escape(r.Reason), r.Met ? "" : Markup.Escape(r.Remedy));
        console.Ansi.Write(table);
        var verdict = report.Decision == GateDecision.Go ? "[green]GO[/]" : "[red]NO-GO[/]";
        console.Ansi.MarkupLine($"{Markup.Escape(WireName.Of(report.Stage))} gate for {Markup.Escape(report.System)}"
            + (report.ModelVersion is null ? "" : $" {Markup.Escape(report.ModelVersion)}")
            + $" (tier {WireName.Of(report.Tier)}): {verdict} — {report.Unmet.Count} of {report.Requirements.Count} requirement(s) unmet");
    }
}
