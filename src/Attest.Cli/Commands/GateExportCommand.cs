using System.CommandLine;
using Attest.Core.DataFiles;
using Attest.Core.Features.Gates;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest gate export --system SLUG [--model-version V] (--server URL --token T | --data DIR) --output FILE`: a gate
/// bundle (the system's gates and the facts as of now, hashed and signed) for `attest gate --bundle FILE` in CI.
/// </summary>
internal static class GateExportCommand
{
    public static Command Create(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system's slug or id.", Required = true, HelpName = "SLUG" };
        var modelVersion = new Option<string?>("--model-version") { Description = "The model version (version, name@version or id).", HelpName = "V" };
        var server = new Option<string?>("--server") { Description = "An Attest server's base URL (with --token).", HelpName = "URL" };
        var token = new Option<string?>("--token") { Description = "An API key for --server. Default: $ATTEST_TOKEN.", HelpName = "T" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var output = new Option<string>("--output", "-o") { Description = "The bundle (.json) to write.", Required = true, HelpName = "FILE" };
        var command = new Command("export", "Write a gate bundle for offline CI evaluation ('attest gate --bundle FILE'): the system's gates and evidence facts, hashed and signed by the ledger key.")
        {
            system, modelVersion, server, token, data, postgres, output,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var serverUrl = parse.GetValue(server);
            if (serverUrl is not null && (parse.GetValue(data) is not null || parse.GetValue(postgres) is not null))
                throw new CliUsageException("give either --server URL --token T or --data DIR, not both.");
            var path = parse.GetValue(output)!;
            var text = serverUrl is null
                ? await FromDatabaseAsync(parse.GetValue(data), parse.GetValue(postgres), parse.GetValue(system)!, parse.GetValue(modelVersion), ct)
                : await FromServerAsync(serverUrl, parse.GetValue(token) ?? Environment.GetEnvironmentVariable("ATTEST_TOKEN"),
                    parse.GetValue(system)!, parse.GetValue(modelVersion), ct);
            // Checked before it is written: what CI will read must open with a matching SHA-256.
            OpenedGateBundle opened;
            try
            {
                opened = GateBundleDocument.Open(text);
            }
            catch (FormatException e)
            {
                throw new CliUsageException($"{(serverUrl is null ? "the export" : "--server " + serverUrl)} is not a gate bundle ({e.Message})");
            }
            try
            {
                await File.WriteAllTextAsync(path, text, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--output {path}: cannot write the bundle ({e.Message})");
            }
            var b = opened.Bundle;
            await console.Out.WriteLineAsync($"wrote {path}: gate bundle of {b.SystemSlug}{(b.ModelVersion is null ? "" : " " + b.ModelVersion.Label)}, tier {WireName.Of(b.Tier)}, "
                + $"{b.Gates.Count} gates ({string.Join(", ", b.Gates.Select(g => WireName.Of(g.Stage)))}), sha256 {opened.Integrity.Sha256}, "
                + (opened.Integrity.Signature is { } s ? $"signed by ledger key {s.KeyId}" : "unsigned (the data directory has no ledger key yet)"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<string> FromDatabaseAsync(string? data, string? postgres, string system, string? modelVersion, CancellationToken ct)
    {
        await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(data, postgres), ct);
        try
        {
            var result = await session.Get<ExportGateBundle>().ExecuteAsync(system, modelVersion, ct);
            return result.IsOk ? result.Value!.Json
                : throw new CliUsageException(result.Errors is { Count: > 0 } errors
                    ? string.Join("; ", errors.Select(e => $"--{e.Key.Replace('_', '-')}: {string.Join(" ", e.Value)}"))
                    : result.Message ?? result.Kind.ToString());
        }
        catch (DataFileException e)
        {
            throw new CliUsageException(e.Message);
        }
    }

    private static Task<string> FromServerAsync(string serverUrl, string? token, string system, string? modelVersion, CancellationToken ct) =>
        GateServer.GetAsync(serverUrl, token, $"api/v1/systems/{Uri.EscapeDataString(system)}/gate/bundle"
            + (modelVersion is null ? "" : "?model_version=" + Uri.EscapeDataString(modelVersion)), ct);
}
