using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Operations;

namespace Attest.Core.Features.Monitoring;

/// <summary>The route secrets of a stored plan cannot be read back: the key is not the one they were encrypted under.</summary>
public sealed class RouteSecretsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Webhook secrets at rest: a plan version's secrets (a JSON array, one per route) are encrypted with AES-256-GCM under a
/// key kept in <c>&lt;data-dir&gt;/keys/route-secrets.key</c> (created on first use, mode 0600, directory 0700 — like the
/// ledger's signing key) and stored as <c>v1:</c> + base64(nonce ‖ ciphertext ‖ tag); the system id is authenticated
/// with them, so a value copied to another system's plan does not decrypt. Decrypted only to sign a delivery. Rows written
/// before (a plain JSON array) are still read. With a shared secrets key configured (<see cref="InstallationSecrets"/>,
/// needed when several instances share one database) that key is used instead of the file, so every instance reads what
/// any other sealed.
/// </summary>
public sealed class RouteSecrets(DatabaseSettings settings, InstallationSecrets shared)
{
    public const string FileName = "route-secrets.key";
    public const string Prefix = "v1:";
    private const int KeyBytes = 32;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Lock _gate = new();
    private byte[]? _key;

    public string KeyPath => Path.Combine(settings.DataDirectory, LedgerKeyRing.FolderName, FileName);

    public string Protect(string systemId, IReadOnlyList<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var plain = JsonSerializer.SerializeToUtf8Bytes(secrets);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key(), TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Associated(systemId));
        return Prefix + Convert.ToBase64String(sealedBytes);
    }

    /// <exception cref="RouteSecretsException">The stored value does not decrypt with this installation's key.</exception>
    public IReadOnlyList<string?> Unprotect(string systemId, string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (!stored.StartsWith(Prefix, StringComparison.Ordinal))
            return JsonSerializer.Deserialize<List<string?>>(stored) ?? [];
        try
        {
            var sealedBytes = Convert.FromBase64String(stored[Prefix.Length..]);
            if (sealedBytes.Length < NonceBytes + TagBytes) throw new CryptographicException("too short");
            var length = sealedBytes.Length - NonceBytes - TagBytes;
            var plain = new byte[length];
            using var aes = new AesGcm(Key(), TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, Associated(systemId));
            return JsonSerializer.Deserialize<List<string?>>(plain) ?? [];
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException)
        {
            throw new RouteSecretsException(
                $"the webhook secrets of this plan do not decrypt with {(shared.IsConfigured ? "the secrets key " + shared.Source : Path.Combine(LedgerKeyRing.FolderName, FileName) + " in the data directory")} (the key was replaced, or the data moved without it); restore the key or save the plan again with its secrets", e);
        }
    }

    private static byte[] Associated(string systemId) => Encoding.UTF8.GetBytes("attest.route-secrets/v1|" + systemId);

    private byte[] Key()
    {
        lock (_gate)
        {
            return _key ??= shared.IsConfigured ? shared.Key : LoadOrCreate();
        }
    }

    private byte[] LoadOrCreate()
    {
        var path = KeyPath;
        if (!File.Exists(path))
        {
            CreatePrivateDirectory(Path.GetDirectoryName(path)!);
            var fresh = RandomNumberGenerator.GetBytes(KeyBytes);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            // 0600 from the first byte: there is no moment at which others could read it.
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            try
            {
                using var stream = new FileStream(path, options);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh) + "\n"));
                return fresh;
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use that one.
            }
        }
        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        if (key.Length != KeyBytes)
            throw new RouteSecretsException($"{path} is not a route-secrets key ({KeyBytes} bytes, base64)");
        return key;
    }

    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows() || Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
