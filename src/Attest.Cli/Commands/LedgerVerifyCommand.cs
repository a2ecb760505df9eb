using System.CommandLine;
using System.Text;
using System.Text.Json;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Cli.Commands;

/// <summary>
/// `attest ledger verify FILE [--trusted-key K]… [--pin FILE] [--witness DIR]…`: offline verification of
/// an export. It passes only when a checkpoint signed by a trusted key covers every entry, and the file
/// extends every checkpoint known from outside it (the pinned one, the witnessed ones).
/// </summary>
internal static class LedgerVerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "A ledger export (JSON lines) from `attest ledger export`." };
        var trustedKey = TrustedKeyOption.Create();
        var pin = new Option<string?>("--pin")
        {
            Description = "A checkpoint file from an earlier verification: its key is trusted and the ledger must extend it; updated to this export's latest checkpoint when it verifies. A missing file is created (trust on first use: compare the key id with the operator's).",
            HelpName = "FILE",
        };
        var witness = WitnessOption.Create();
        var command = new Command("verify", "Verify a ledger export offline: entries and payloads against their hashes, the chain, Merkle roots, checkpoint signatures by a trusted key, and consistency with pinned and witnessed checkpoints. Exit 1 names the first problem.")
        {
            file, trustedKey, pin, witness,
        };
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var keys = TrustedKeyOption.Parse(parse.GetValue(trustedKey)).ToList();
            var pinPath = parse.GetValue(pin);
            var pinned = pinPath is not null && File.Exists(pinPath) ? ReadPin(pinPath) : null;
            var known = new List<KnownCheckpoint>();
            if (pinned is not null)
            {
                keys.Add(Convert.FromBase64String(pinned.PublicKey));
                known.Add(new KnownCheckpoint(pinned.Checkpoint.TreeSize, pinned.Checkpoint.RootHash, $"the pinned checkpoint {pinPath}"));
            }
            var (witnessed, witnessKeys, witnessProblem) = WitnessOption.Read(parse.GetValue(witness), keys);
            if (witnessProblem is not null)
            {
                await console.Out.WriteLineAsync($"FAILED {path}: {witnessProblem}");
                return ExitCodes.CheckFailed;
            }
            known.AddRange(witnessed);
            // Keys a witness received with its first checkpoint vouch like pinned keys: they cannot take back what it holds.
            foreach (var key in witnessKeys.Where(k => !keys.Any(t => t.AsSpan().SequenceEqual(k)))) keys.Add(key);
            var firstUse = pinPath is not null && pinned is null;

            LedgerVerificationResult result;
            try
            {
                await using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
                result = LedgerExportVerification.Verify(input, new LedgerTrustOptions { TrustedKeys = keys, Known = known, TrustFileKeys = firstUse });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"{path}: cannot read the ledger export ({e.Message})");
            }
            if (result.Problem is { } problem)
            {
                await console.Out.WriteLineAsync($"FAILED {path}: {problem.Message}");
                return ExitCodes.CheckFailed;
            }
            await Report(console.Out, path, result, keys, known.Count, parse.GetValue(trustedKey)?.Length > 0, pinned is not null, witnessed.Count);
            if (pinPath is not null && result.LatestCheckpoint is { } latest && (pinned is null || latest.Checkpoint.TreeSize > pinned.Checkpoint.TreeSize))
            {
                await WritePinAsync(pinPath, latest, cancellationToken);
                await console.Out.WriteLineAsync(firstUse
                    ? $"pinned: {pinPath} now holds checkpoint tree_size {latest.Checkpoint.TreeSize} and key {latest.Checkpoint.KeyId} (trust on first use: confirm this key id with the operator through another channel)"
                    : $"pinned: {pinPath} now holds checkpoint tree_size {latest.Checkpoint.TreeSize}; the next export must extend it");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A pin file: one checkpoint line, as an export holds it (checkpoint, public_key, signature).</summary>
    private static SignedCheckpoint ReadPin(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var signed = LedgerLineParsing.Checkpoint(document.RootElement, out var error)
                ?? throw new CliUsageException($"--pin {path}: not a checkpoint file ({error})");
            if (CheckpointVerification.Check(signed, null) is { } failure)
                throw new CliUsageException($"--pin {path}: the pinned checkpoint does not verify: {failure.Reason}");
            return signed;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CliUsageException($"--pin {path}: cannot read the pinned checkpoint ({e.Message})");
        }
    }

    private static async Task WritePinAsync(string path, SignedCheckpoint checkpoint, CancellationToken ct)
    {
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, LedgerExportFormat.CheckpointLine(checkpoint), ct);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task Report(TextWriter output, string path, LedgerVerificationResult result, IReadOnlyList<byte[]> keys, int known, bool givenKeys, bool pinned, int witnessed)
    {
        await output.WriteLineAsync($"OK {path}: {result.Entries} entries (hashes and payloads), {result.CheckpointsVerified} checkpoints verified, {result.CheckpointRecordsVerified} checkpoints recorded in the chain verified");
        await output.WriteLineAsync($"root: {result.RootHash} (tree_size {result.Entries})");
        if (result.LatestCheckpoint is { Checkpoint: var c })
            await output.WriteLineAsync($"latest checkpoint: tree_size {c.TreeSize}, root_hash {c.RootHash}, time {LedgerHashing.FormatTime(c.Time)}, key {c.KeyId}");
        var sources = new StringBuilder();
        if (givenKeys) sources.Append("--trusted-key");
        if (pinned) sources.Append(sources.Length > 0 ? ", " : "").Append("--pin");
        if (witnessed > 0) sources.Append(sources.Length > 0 ? ", " : "").Append("--witness");
        await output.WriteLineAsync(keys.Count > 0
            ? $"trust: checkpoints signed by trusted key(s) {string.Join(", ", keys.Select(k => Checkpoint.KeyIdOf(k)).Distinct())} (from {sources})"
            : "trust: first use — the key named in the file is trusted from now on (see the pin below)");
        if (known > 0)
            await output.WriteLineAsync($"consistent: the export extends {result.KnownCheckpointsVerified} checkpoint(s) seen before it ({(witnessed > 0 ? $"{witnessed} witnessed" : "")}{(witnessed > 0 && pinned ? ", " : "")}{(pinned ? "1 pinned" : "")})");
    }
}
