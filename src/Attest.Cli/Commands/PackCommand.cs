using System.CommandLine;
using Attest.Core.Features.Packs;
using Attest.Engine.Ledger;
using Attest.Engine.Packs;

namespace Attest.Cli.Commands;

/// <summary>`attest pack …`: assurance packs.</summary>
internal static class PackCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("pack", "Export and verify assurance packs.");
        command.Subcommands.Add(PackExportCommand.Create(console));
        command.Subcommands.Add(PackVerifyCommand.Create(console));
        return command;
    }
}

/// <summary>`attest pack verify FILE [--public-key K]`: offline verification of an assurance pack.</summary>
internal static class PackVerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "An assurance pack (.zip) from `attest pack export`." };
        var publicKey = TrustedKeyOption.Create();
        var command = new Command("verify", "Verify an assurance pack offline: manifest hashes and signature, ledger inclusion proofs, checkpoint signature. Exit 1 names the first file or entry that does not match.");
        command.Arguments.Add(file);
        command.Options.Add(publicKey);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var trusted = TrustedKeyOption.Parse(parse.GetValue(publicKey));
            PackVerificationResult result;
            try
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                result = AssurancePackVerification.Verify(input, trusted);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"{path}: cannot read the assurance pack ({e.Message})");
            }
            if (result.Problem is { } problem)
            {
                await console.Out.WriteLineAsync($"FAILED {path}: {problem.Message}");
                return ExitCodes.CheckFailed;
            }
            var c = result.Checkpoint!.Checkpoint;
            await console.Out.WriteLineAsync($"OK {path}: {result.FilesVerified} files match the signed manifest, {result.EntriesVerified} ledger entries proven against the checkpoint");
            await console.Out.WriteLineAsync($"checkpoint: tree_size {c.TreeSize}, root_hash {c.RootHash}, time {LedgerHashing.FormatTime(c.Time)}, key {c.KeyId}");
            await console.Out.WriteLineAsync(trusted.Count > 0
                ? $"trust: signatures verified with the key(s) given by --public-key ({string.Join(", ", trusted.Select(k => Checkpoint.KeyIdOf(k)))})"
                : "trust: signatures verified with the public keys embedded in the pack. That proves the pack is consistent, not who made it: "
                  + "pass --public-key with a key obtained independently.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
