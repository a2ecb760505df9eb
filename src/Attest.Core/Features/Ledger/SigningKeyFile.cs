using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using NSec.Cryptography;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Ed25519 private keys as PKCS#8 PEM: "PRIVATE KEY" (plain) or "ENCRYPTED PRIVATE KEY" (PBES2, as
/// openssl writes with a passphrase). Reading yields the raw 32-byte seed; writing encrypts with
/// AES-256-CBC and PBKDF2-HMAC-SHA256 when given a passphrase.
/// </summary>
public static class SigningKeyFile
{
    private const string Ed25519Oid = "1.3.101.112";
    private const string PlainLabel = "PRIVATE KEY";
    private const string EncryptedLabel = "ENCRYPTED PRIVATE KEY";

    /// <summary>The key's 32-byte seed; <see cref="LedgerKeyException"/> names <paramref name="source"/> and what is wrong.</summary>
    public static byte[] ReadSeed(string pem, string? passphrase, string source)
    {
        ArgumentNullException.ThrowIfNull(pem);
        PemFields fields;
        try
        {
            fields = PemEncoding.Find(pem);
        }
        catch (ArgumentException)
        {
            throw new LedgerKeyException($"{source}: not a PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN ENCRYPTED PRIVATE KEY-----)");
        }
        var label = pem[fields.Label];
        var der = Convert.FromBase64String(pem[fields.Base64Data]);
        Pkcs8PrivateKeyInfo info;
        try
        {
            if (label == EncryptedLabel)
            {
                if (passphrase is null)
                    throw new LedgerKeyException($"{source}: the key is passphrase-protected; set ATTEST_LEDGER_KEY_PASSPHRASE (or ATTEST_LEDGER_KEY_PASSPHRASE_FILE)");
                info = Pkcs8PrivateKeyInfo.DecryptAndDecode(passphrase.AsSpan(), der, out _);
            }
            else if (label == PlainLabel)
            {
                info = Pkcs8PrivateKeyInfo.Decode(der, out _);
            }
            else
            {
                throw new LedgerKeyException($"{source}: a PEM '{label}' block is not a PKCS#8 private key");
            }
        }
        catch (CryptographicException e)
        {
            throw new LedgerKeyException(label == EncryptedLabel
                ? $"{source}: cannot decrypt the key (wrong passphrase?): {e.Message}"
                : $"{source}: not a readable PKCS#8 private key ({e.Message})");
        }
        if (info.AlgorithmId.Value != Ed25519Oid)
            throw new LedgerKeyException($"{source}: the key is not an Ed25519 key (algorithm {info.AlgorithmId.Value})");
        try
        {
            // RFC 8410 §7: the private key is an OCTET STRING holding the 32-byte seed.
            var seed = AsnDecoder.ReadOctetString(info.PrivateKeyBytes.Span, AsnEncodingRules.DER, out _);
            if (seed.Length != 32) throw new LedgerKeyException($"{source}: an Ed25519 private key has 32 bytes, this one {seed.Length}");
            return seed;
        }
        catch (AsnContentException e)
        {
            throw new LedgerKeyException($"{source}: the Ed25519 private key is malformed ({e.Message})");
        }
    }

    /// <summary>A new key as PKCS#8 PEM, encrypted when <paramref name="passphrase"/> is given; also returns its raw public key.</summary>
    public static (string Pem, byte[] PublicKey) Create(string? passphrase)
    {
        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = key.Export(KeyBlobFormat.RawPrivateKey);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteOctetString(seed);
        var info = new Pkcs8PrivateKeyInfo(new Oid(Ed25519Oid), null, writer.Encode(), skipCopies: true);
        var pem = passphrase is null
            ? PemEncoding.WriteString(PlainLabel, info.Encode())
            : PemEncoding.WriteString(EncryptedLabel, info.Encrypt(passphrase.AsSpan(), new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 600_000)));
        CryptographicOperations.ZeroMemory(seed);
        return (pem + "\n", key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }
}
