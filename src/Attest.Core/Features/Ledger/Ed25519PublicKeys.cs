using Attest.Engine.Ledger;
using NSec.Cryptography;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// Ed25519 public keys in the forms an auditor may hold them: PEM (SubjectPublicKeyInfo, as
/// <c>openssl pkey -pubout</c> writes), base64 of the raw 32 bytes (as exports embed them), or
/// base64 of the 44-byte DER SubjectPublicKeyInfo.
/// </summary>
public static class Ed25519PublicKeys
{
    public const int RawKeySize = 32;
    public const int SignatureSize = 64;

    /// <summary>Parses PEM, raw base64 or DER base64; null when the text is none of them.</summary>
    public static byte[]? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var body = text.Trim();
        // PEM may follow comment lines (as `attest ledger public-key` prints); the first key block counts.
        var begin = body.IndexOf("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal);
        if (begin >= 0)
        {
            var end = body.IndexOf("-----END PUBLIC KEY-----", begin, StringComparison.Ordinal);
            if (end < 0) return null;
            body = body[(begin + "-----BEGIN PUBLIC KEY-----".Length)..end];
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))));
        }
        catch (FormatException)
        {
            return null;
        }
        if (bytes.Length == RawKeySize) return bytes;
        if (bytes.Length == Ed25519Pem.SpkiPrefix.Length + RawKeySize && bytes.AsSpan(0, Ed25519Pem.SpkiPrefix.Length).SequenceEqual(Ed25519Pem.SpkiPrefix))
            return bytes[Ed25519Pem.SpkiPrefix.Length..];
        return null;
    }

    /// <summary>Every key in <paramref name="text"/>: each PEM block (as `attest ledger public-key --all` prints), or the one base64 key; null when any is not a key.</summary>
    public static IReadOnlyList<byte[]>? TryParseAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        const string Begin = "-----BEGIN PUBLIC KEY-----";
        var blocks = text.Split(Begin, StringSplitOptions.None).Skip(1).Select(b => Begin + b).ToList();
        if (blocks.Count == 0) return TryParse(text) is { } single ? [single] : null;
        var keys = blocks.Select(TryParse).ToList();
        return keys.Any(k => k is null) ? null : [.. keys.OfType<byte[]>()];
    }

    /// <summary>The PEM SubjectPublicKeyInfo of a raw key: what openssl reads with <c>-pubin</c>.</summary>
    public static string ToPem(ReadOnlySpan<byte> rawPublicKey) => Ed25519Pem.Format(rawPublicKey);

    /// <summary>True when <paramref name="signature"/> is a valid Ed25519 signature of <paramref name="message"/> by the raw key.</summary>
    public static bool Verify(ReadOnlySpan<byte> rawPublicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (rawPublicKey.Length != RawKeySize || signature.Length != SignatureSize) return false;
        if (!PublicKey.TryImport(SignatureAlgorithm.Ed25519, rawPublicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
            return false;
        return SignatureAlgorithm.Ed25519.Verify(key, message, signature);
    }
}
