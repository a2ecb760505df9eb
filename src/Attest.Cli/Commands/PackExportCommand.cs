using System.CommandLine;
using Attest.Core.Features.Packs;

namespace Attest.Cli.Commands;

/// <summary>`attest pack export --system SLUG --data DIR --output FILE`: a system's assurance pack (docs/ledger.md §6).</summary>
internal static class PackExportCommand
{
    public static Command Create(CliConsole console)
    {
        var system = new Option<string>("--system") { Description = "The system's slug or id.", Required = true, HelpName = "SLUG" };
        var data = CommonOptions.Data();
        var postgres = CommonOptions.Postgres();
        var output = new Option<string>("--output", "-o") { Description = "The pack (.zip) to write.", Required = true, HelpName = "FILE" };
        var command = new Command("export", "Write a system's assurance pack: system card, lineage, its ledger entries with inclusion proofs, the signed checkpoint and public key, a signed manifest.")
            { system, data, postgres, output };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            await using var session = await CoreSession.OpenAsync(CommonOptions.ResolveDatabase(parse.GetValue(data), parse.GetValue(postgres)), ct);
            var path = parse.GetValue(output)!;
            // Built in memory first: a pack for an unknown system, or a failure, leaves no file behind.
            using var pack = new MemoryStream();
            var result = await session.Get<ExportAssurancePack>().ExecuteAsync(parse.GetValue(system)!, pack, ct);
            if (result.Kind == Core.Common.ResultKind.Conflict) throw new CliCheckFailedException(result.Message!);
            if (!result.IsOk) throw new CliUsageException($"--system {parse.GetValue(system)}: {result.Message}");
            try
            {
                await File.WriteAllBytesAsync(path, pack.ToArray(), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--output {path}: cannot write the pack ({e.Message})");
            }
            var s = result.Value!;
            await console.Out.WriteLineAsync($"wrote {path}: {s.SystemSlug}, {s.Files.Count} content files ({string.Join(", ", s.Files)}), {s.LedgerEntries} ledger entries "
                + $"proven against checkpoint tree_size {s.Checkpoint.TreeSize} (key {s.Checkpoint.KeyId})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
