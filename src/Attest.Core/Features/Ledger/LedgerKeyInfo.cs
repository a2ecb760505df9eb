namespace Attest.Core.Features.Ledger;

/// <summary>One signing key in the ring; <see cref="Retired"/> is set once a newer key took over.</summary>
/// <param name="PublicKey">Base64 of the raw 32-byte Ed25519 public key.</param>
public sealed record LedgerKeyInfo(string KeyId, string PublicKey, DateTimeOffset Created, DateTimeOffset? Retired)
{
    public byte[] PublicKeyBytes() => Convert.FromBase64String(PublicKey);
}
