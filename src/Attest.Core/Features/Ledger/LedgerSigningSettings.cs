namespace Attest.Core.Features.Ledger;

/// <summary>
/// Where the ledger's signing key lives when it is not in the data directory: a PKCS#8 PEM file (plain
/// or passphrase-protected, as <c>attest ledger create-key</c> or <c>openssl genpkey -algorithm ed25519
/// [-aes-256-cbc]</c> write it) or the PEM text itself (e.g. from a secret store, through an environment
/// variable). An operator who can read the data directory then cannot sign, and cannot re-sign a
/// rewritten history.
/// </summary>
/// <param name="KeyFile">Path of the PEM file (ATTEST_LEDGER_KEY_FILE).</param>
/// <param name="KeyText">The PEM text (ATTEST_LEDGER_KEY).</param>
/// <param name="Passphrase">The passphrase of an ENCRYPTED PRIVATE KEY (ATTEST_LEDGER_KEY_PASSPHRASE, or read from ATTEST_LEDGER_KEY_PASSPHRASE_FILE).</param>
public sealed record LedgerSigningSettings(string? KeyFile, string? KeyText, string? Passphrase)
{
    public static readonly LedgerSigningSettings InDataDirectory = new(null, null, null);

    /// <summary>True when the key comes from outside the data directory.</summary>
    public bool IsExternal => !string.IsNullOrWhiteSpace(KeyFile) || !string.IsNullOrWhiteSpace(KeyText);

    /// <summary>Where the key comes from, for messages (never the key itself).</summary>
    public string Describe() => !string.IsNullOrWhiteSpace(KeyFile) ? KeyFile! : "ATTEST_LEDGER_KEY";

    public static LedgerSigningSettings FromEnvironment() => From(
        Environment.GetEnvironmentVariable("ATTEST_LEDGER_KEY_FILE"),
        Environment.GetEnvironmentVariable("ATTEST_LEDGER_KEY"),
        Environment.GetEnvironmentVariable("ATTEST_LEDGER_KEY_PASSPHRASE"),
        Environment.GetEnvironmentVariable("ATTEST_LEDGER_KEY_PASSPHRASE_FILE"));

    /// <summary>Settings from values (configuration or environment); a passphrase file's first line is the passphrase.</summary>
    public static LedgerSigningSettings From(string? keyFile, string? keyText, string? passphrase, string? passphraseFile)
    {
        if (string.IsNullOrEmpty(passphrase) && !string.IsNullOrWhiteSpace(passphraseFile))
        {
            try
            {
                passphrase = File.ReadLines(passphraseFile).FirstOrDefault() ?? "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LedgerKeyException($"{passphraseFile}: cannot read the ledger key passphrase ({e.Message})");
            }
        }
        return new LedgerSigningSettings(Blank(keyFile), Blank(keyText), string.IsNullOrEmpty(passphrase) ? null : passphrase);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>The signing key cannot be used: missing file, wrong passphrase, not an Ed25519 key. The message names the source.</summary>
public sealed class LedgerKeyException(string message) : Exception(message);
