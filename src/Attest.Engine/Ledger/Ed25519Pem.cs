namespace Attest.Engine.Ledger;

/// <summary>The PEM SubjectPublicKeyInfo form of a raw Ed25519 public key (RFC 8410 §4), as openssl reads it.</summary>
public static class Ed25519Pem
{
    /// <summary>DER prefix: SEQUENCE { SEQUENCE { OID 1.3.101.112 } BIT STRING (33 bytes) }.</summary>
    public static ReadOnlySpan<byte> SpkiPrefix => [0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00];

    public static string Format(ReadOnlySpan<byte> rawPublicKey)
    {
        if (rawPublicKey.Length != 32) throw new ArgumentException("An Ed25519 public key has 32 bytes.", nameof(rawPublicKey));
        byte[] der = [.. SpkiPrefix, .. rawPublicKey];
        return "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(der) + "\n-----END PUBLIC KEY-----\n";
    }
}
