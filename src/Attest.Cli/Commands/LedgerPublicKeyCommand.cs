using System.CommandLine;
using Attest.Core.Features.Ledger;

namespace Attest.Cli.Commands;

/// <summary>`attest ledger public-key --data DIR [--key-id ID] [--all]`: print the checkpoint signing key(s) as PEM, to publish for auditors.</summary>
internal static class LedgerPublicKeyCommand
{
    public static Command Create(CliConsole console)
    {
        var data = new Option<string>("--data") { Description = "The Attest data directory (its keys/ folder holds the key ring).", Required = true };
        var keyId = new Option<string?>("--key-id") { Description = "Print this key (active or retired) instead of the active one." };
        var all = new Option<bool>("--all") { Description = "Print every key the ring has used, oldest first (for verifying old checkpoints)." };
        var command = new Command("public-key", "Print the ledger's Ed25519 public key (PEM) for auditors; key id = first 16 hex of SHA-256 of the raw key.");
        command.Options.Add(data);
        command.Options.Add(keyId);
        command.Options.Add(all);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            var directory = parse.GetValue(data)!;
            LedgerKeyRing ring;
            try
            {
                ring = LedgerKeyRing.Open(directory);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--data {directory}: cannot open the ledger key ring ({e.Message})");
            }
            var wanted = parse.GetValue(all) ? ring.Keys
                : [ring.Find(parse.GetValue(keyId) ?? ring.ActiveKeyId) ?? throw new CliUsageException($"--key-id {parse.GetValue(keyId)}: no such key in {ring.Directory} (keys: {string.Join(", ", ring.Keys.Select(k => k.KeyId))})")];
            foreach (var key in wanted)
            {
                var state = key.KeyId == ring.ActiveKeyId ? "active" : $"retired {Attest.Engine.Ledger.LedgerHashing.FormatTime(key.Retired!.Value)}";
                await console.Out.WriteLineAsync($"# key_id {key.KeyId} ({state})");
                await console.Out.WriteAsync(ring.PublicKeyPem(key.KeyId));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
