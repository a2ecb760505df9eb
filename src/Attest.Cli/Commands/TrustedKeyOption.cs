using System.CommandLine;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Cli.Commands;

/// <summary>
/// `--trusted-key K` (also `--public-key`, repeatable): a file holding PEM key(s) (as `attest ledger public-key`
/// prints them, comment lines included), base64 of the 32 raw bytes, or a note verifier key (name+hash+key).
/// </summary>
internal static class TrustedKeyOption
{
    public static Option<string[]> Create() => new("--trusted-key", "--public-key")
    {
        Description = "Trust this Ed25519 public key, obtained from the operator through another channel: a file (PEM blocks, as `attest ledger public-key` prints them) or base64 of the 32 raw bytes. Repeat for rotated keys.",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "KEY",
    };

    /// <summary>The raw keys; a value that is neither a readable key file nor a key is bad input (exit 2).</summary>
    public static IReadOnlyList<byte[]> Parse(string[]? values, string option = "--trusted-key")
    {
        var keys = new List<byte[]>();
        foreach (var value in values ?? [])
        {
            string text;
            if (File.Exists(value))
            {
                try
                {
                    text = File.ReadAllText(value);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliUsageException($"{option} {value}: cannot read the file ({e.Message})");
                }
            }
            else
            {
                text = value;
            }
            if (CheckpointNote.ParseVerifierKey(text) is { } vkey)
            {
                keys.Add(vkey.PublicKey);
                continue;
            }
            keys.AddRange(Ed25519PublicKeys.TryParseAll(text)
                ?? throw new CliUsageException($"{option} {value}: expected an Ed25519 public key (a PEM file, or base64 of the 32 raw bytes)"));
        }
        return keys;
    }
}

/// <summary>`--witness DIR` (repeatable): a witness directory, or a clone of a witness git repository.</summary>
internal static class WitnessOption
{
    public static Option<string[]> Create() => new("--witness")
    {
        Description = "A directory of witnessed checkpoints (C2SP notes, as Attest pushes them; a clone of a witness git repository works too). The ledger must extend every one of them. Repeatable.",
        Arity = ArgumentArity.ZeroOrMore,
        HelpName = "DIR",
    };

    /// <summary>The witnessed checkpoints of every directory, verified; a directory that does not verify is a failed check.</summary>
    public static (List<KnownCheckpoint> Known, List<byte[]> Keys, string? Problem) Read(string[]? directories, IReadOnlyList<byte[]> trusted)
    {
        var known = new List<KnownCheckpoint>();
        var keys = new List<byte[]>();
        foreach (var directory in directories ?? [])
        {
            var witnessed = WitnessDirectory.Read(directory, trusted);
            if (witnessed.Problem is { } problem) return (known, keys, problem);
            known.AddRange(witnessed.Checkpoints);
            keys.AddRange(witnessed.Keys);
        }
        return (known, keys, null);
    }
}
