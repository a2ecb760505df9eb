using System.Security.Cryptography;
using System.Text;

namespace Attest.Core.Features.Operations;

/// <summary>The secrets key cannot be read or is not 32 bytes of base64; the message names the source, never the key.</summary>
public sealed class InstallationSecretsException(string message) : Exception(message);

/// <summary>
/// The installation's secrets key: 32 random bytes, base64, given to every instance from shared configuration
/// (<c>Attest:SecretsKeyFile</c> / <c>ATTEST_SECRETS_KEY_FILE</c>, or the text in <c>Attest:SecretsKey</c> /
/// <c>ATTEST_SECRETS_KEY</c>; <c>openssl rand -base64 32</c> makes one). With it, what would otherwise live in one
/// instance's <c>--data</c> directory is shared through the database and encrypted at rest: webhook route secrets are
/// sealed under it directly (its format is that of <c>keys/route-secrets.key</c>, so an existing key file can become
/// the shared one), and the web host's data-protection keys (cookies, antiforgery) are stored in the database encrypted
/// under a key derived from it (HKDF-SHA256, one label per purpose). The key itself is never stored in the database.
/// </summary>
public sealed class InstallationSecrets
{
    public const int KeyBytes = 32;
    public static readonly InstallationSecrets None = new(null, null);

    private readonly byte[]? _key;

    private InstallationSecrets(byte[]? key, string? source)
    {
        _key = key;
        Source = source;
    }

    /// <summary>True when a shared secrets key is configured.</summary>
    public bool IsConfigured => _key is not null;

    /// <summary>Where the key came from (a path or the variable's name), for messages.</summary>
    public string? Source { get; }

    /// <summary>The key itself (route secrets are sealed under it, compatible with <c>keys/route-secrets.key</c>).</summary>
    public byte[] Key => _key ?? throw new InvalidOperationException("No installation secrets key is configured.");

    /// <summary>A key for one purpose, derived with HKDF-SHA256 (so no two uses share key material).</summary>
    public byte[] Derive(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, Key, KeyBytes, info: Encoding.UTF8.GetBytes("attest/" + purpose));

    /// <summary>The key from a file (its first line) or from text; neither → <see cref="None"/>.</summary>
    /// <exception cref="InstallationSecretsException">The file cannot be read, or the value is not 32 bytes of base64.</exception>
    public static InstallationSecrets From(string? keyFile, string? keyText)
    {
        string text, source;
        if (!string.IsNullOrWhiteSpace(keyFile))
        {
            source = keyFile;
            try
            {
                text = File.ReadAllText(keyFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InstallationSecretsException($"{keyFile}: cannot read the secrets key ({e.Message})");
            }
        }
        else if (!string.IsNullOrWhiteSpace(keyText))
        {
            (text, source) = (keyText, "ATTEST_SECRETS_KEY");
        }
        else
        {
            return None;
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            throw new InstallationSecretsException($"{source}: the secrets key must be {KeyBytes} random bytes in base64 (openssl rand -base64 {KeyBytes})");
        }
        if (key.Length != KeyBytes)
            throw new InstallationSecretsException($"{source}: the secrets key must be {KeyBytes} random bytes in base64 (openssl rand -base64 {KeyBytes}), got {key.Length} bytes");
        return new InstallationSecrets(key, source);
    }
}
