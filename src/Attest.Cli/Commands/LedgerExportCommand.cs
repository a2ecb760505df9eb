using System.CommandLine;
using Attest.Core.Common;
using Attest.Core.Features.Ledger;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest ledger export --data DIR [--output FILE]`: the whole ledger as JSON lines (docs/ledger.md §4),
/// with every stored checkpoint and a newly signed one covering the last entry (stored too).
/// </summary>
internal static class LedgerExportCommand
{
    public static Command Create(CliConsole console)
    {
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var output = new Option<string?>("--output", "-o") { Description = "Write the export to this file instead of standard output.", HelpName = "FILE" };
        var command = new Command("export", "Export the ledger (entries, signed checkpoints, end line) for offline verification with `attest ledger verify`.") { data, postgres, output };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var path = parse.GetValue(output);
            var result = path is null
                ? await ExportAsync(session, console.Out, ct)
                : await ExportToFileAsync(session, path, ct);
            if (result.Kind == Core.Common.ResultKind.Conflict) throw new CliCheckFailedException(result.Message!);
            if (!result.IsOk) throw new CliUsageException(result.Message!);
            if (path is not null)
            {
                var s = result.Value!;
                await console.Error.WriteLineAsync($"wrote {path}: {s.Entries} entries, {s.Checkpoints} checkpoints, root {s.RootHash}"
                    + (s.AddedCheckpoint is null ? "" : $" (signed a new checkpoint over {s.AddedCheckpoint.Checkpoint.TreeSize} entries)"));
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<Result<Core.Features.Ledger.LedgerExportSummary>> ExportAsync(CoreSession session, TextWriter output, CancellationToken ct)
    {
        // The real standard output gets the bytes streamed; a captured writer (tests, hosts) gets the text.
        if (ReferenceEquals(output, Console.Out))
        {
            await using var stdout = Console.OpenStandardOutput();
            return await session.Get<ExportLedger>().ExecuteAsync(stdout, ct);
        }
        using var buffer = new MemoryStream();
        var result = await session.Get<ExportLedger>().ExecuteAsync(buffer, ct);
        if (result.IsOk)
        {
            await output.WriteAsync(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            await output.FlushAsync(ct);
        }
        return result;
    }

    private static async Task<Result<Core.Features.Ledger.LedgerExportSummary>> ExportToFileAsync(CoreSession session, string path, CancellationToken ct)
    {
        var temporary = path + ".partial";
        Result<Core.Features.Ledger.LedgerExportSummary> result;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                result = await session.Get<ExportLedger>().ExecuteAsync(file, ct);
            if (result.IsOk) File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"--output {path}: cannot write the export ({e.Message})");
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
        return result;
    }
}
