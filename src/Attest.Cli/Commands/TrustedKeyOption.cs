using System.CommandLine;
using Attest.Core.Features.Ledger;

namespace Attest.Cli.Commands;

/// <summary>`--public-key K` (repeatable): a file holding a PEM or base64 Ed25519 public key, or the base64 itself.</summary>
internal static class TrustedKeyOption
{
    public static Option<string[]> Create() => new("--public-key")
    {
        Description = "Trust only this Ed25519 public key: a file (one or more PEM blocks, or base64) or base64 of the 32 raw bytes. Repeat for rotated keys.",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The raw keys; a value that is neither a readable key file nor a key is bad input (exit 2).</summary>
    public static IReadOnlyList<byte[]> Parse(string[]? values, string option = "--public-key")
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
            keys.AddRange(Ed25519PublicKeys.TryParseAll(text)
                ?? throw new CliUsageException($"{option} {value}: expected an Ed25519 public key (a PEM file, or base64 of the 32 raw bytes)"));
        }
        return keys;
    }
}
