using System.CommandLine;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Cli.Commands;

/// <summary>`attest ledger …`: work with the tamper-evident ledger.</summary>
internal static class LedgerCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("ledger", "Export and verify the tamper-evident ledger.");
        command.Subcommands.Add(LedgerExportCommand.Create(console));
        command.Subcommands.Add(LedgerVerifyCommand.Create(console));
        command.Subcommands.Add(LedgerRotateKeyCommand.Create(console));
        command.Subcommands.Add(LedgerPublicKeyCommand.Create(console));
        return command;
    }
}

/// <summary>`attest ledger verify FILE [--public-key K]`: offline verification of an export.</summary>
internal static class LedgerVerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "A ledger export (JSON lines) from `attest ledger export`." };
        var publicKey = TrustedKeyOption.Create();
        var command = new Command("verify", "Verify a ledger export offline: hash chain, Merkle roots and checkpoint signatures. Exit 1 names the first bad line.");
        command.Arguments.Add(file);
        command.Options.Add(publicKey);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var trusted = TrustedKeyOption.Parse(parse.GetValue(publicKey));
            LedgerVerificationResult result;
            try
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                result = LedgerExportVerification.Verify(input, trusted);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"{path}: cannot read the ledger export ({e.Message})");
            }
            await Report(console.Out, path, result, trusted);
            return result.Verified ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static async Task Report(TextWriter output, string path, LedgerVerificationResult result, IReadOnlyList<byte[]> trusted)
    {
        if (result.Problem is { } problem)
        {
            await output.WriteLineAsync($"FAILED {path}: {problem.Message}");
            return;
        }
        await output.WriteLineAsync($"OK {path}: {result.Entries} entries, {result.CheckpointsVerified} checkpoints verified");
        await output.WriteLineAsync($"root: {result.RootHash} (tree_size {result.Entries})");
        if (result.LatestCheckpoint is { Checkpoint: var c })
            await output.WriteLineAsync($"latest checkpoint: tree_size {c.TreeSize}, root_hash {c.RootHash}, time {LedgerHashing.FormatTime(c.Time)}, key {c.KeyId}");
        if (trusted.Count > 0)
            await output.WriteLineAsync($"trust: checkpoints verified with the key(s) given by --public-key ({string.Join(", ", trusted.Select(k => Checkpoint.KeyIdOf(k)))})");
        else if (result.CheckpointsVerified > 0)
            await output.WriteLineAsync("trust: checkpoints verified with the public keys embedded in the file. That proves the file is consistent, not who wrote it: "
                + "anyone who could edit the file could replace those keys. Pass --public-key with a key obtained independently.");
        else
            await output.WriteLineAsync("trust: the file has no checkpoint, so no signature vouches for it; only the hash chain was checked.");
        if (result.EntriesNotCoveredBySignature > 0 && result.Entries > 0)
            await output.WriteLineAsync($"warning: entries {result.Entries - result.EntriesNotCoveredBySignature + 1}..{result.Entries} are chained but no verified checkpoint covers them");
    }
}
