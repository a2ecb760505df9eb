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

/// <summary>`attest pack verify FILE [--trusted-key K]… [--witness DIR]…`: offline verification of an assurance pack.</summary>
internal static class PackVerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "An assurance pack (.zip) from `attest pack export`." };
        var trustedKey = TrustedKeyOption.Create();
        var witness = WitnessOption.Create();
        var command = new Command("verify", "Verify an assurance pack offline: manifest hashes and signature, ledger entries and payloads with their inclusion proofs, the checkpoint signature by a trusted key, and the checkpoint against witnessed ones. Exit 1 names the first file or entry that does not match.");
        command.Arguments.Add(file);
        command.Options.Add(trustedKey);
        command.Options.Add(witness);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var trusted = TrustedKeyOption.Parse(parse.GetValue(trustedKey)).ToList();
            var (witnessed, witnessKeys, witnessProblem) = WitnessOption.Read(parse.GetValue(witness), trusted);
            if (witnessProblem is not null)
            {
                await console.Out.WriteLineAsync($"FAILED {path}: {witnessProblem}");
                return ExitCodes.CheckFailed;
            }
            foreach (var key in witnessKeys.Where(k => !trusted.Any(t => t.AsSpan().SequenceEqual(k)))) trusted.Add(key);
            PackVerificationResult result;
            try
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                result = AssurancePackVerification.Verify(input, trusted, witnessed);
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
            await console.Out.WriteLineAsync($"OK {path}: {result.FilesVerified} files match the signed manifest, {result.EntriesVerified} ledger entries (and their payloads) proven against the checkpoint");
            await console.Out.WriteLineAsync($"checkpoint: tree_size {c.TreeSize}, root_hash {c.RootHash}, time {LedgerHashing.FormatTime(c.Time)}, key {c.KeyId}");
            await console.Out.WriteLineAsync($"trust: signatures verified with trusted key(s) {string.Join(", ", trusted.Select(k => Checkpoint.KeyIdOf(k)).Distinct())}");
            if (witnessed.Count > 0)
                await console.Out.WriteLineAsync($"witnessed: the pack's checkpoint agrees with {witnessed.Count} witnessed checkpoint(s) at the sizes they share");
            return ExitCodes.Ok;
        });
        return command;
    }
}
