using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace Attest.Engine.Ledger;

/// <summary>
/// A statement "the ledger's first <see cref="TreeSize"/> entries have Merkle root
/// <see cref="RootHash"/>", made at <see cref="Time"/> and signed by key <see cref="KeyId"/>.
/// </summary>
/// <param name="RootHash">Lowercase hex SHA-256 (RFC 9162 MTH of the first TreeSize entries).</param>
/// <param name="KeyId">First 16 hex characters of SHA-256 of the raw 32-byte Ed25519 public key.</param>
public sealed record Checkpoint(long TreeSize, string RootHash, DateTimeOffset Time, string KeyId)
{
    /// <summary>The checkpoint as a JSON object: key_id, root_hash, time, tree_size.</summary>
    public JsonObject ToJson() => new()
    {
        ["tree_size"] = TreeSize,
        ["root_hash"] = RootHash,
        ["time"] = LedgerHashing.FormatTime(Time),
        ["key_id"] = KeyId,
    };

    /// <summary>
    /// The exact bytes an Ed25519 signature covers: UTF-8 canonical JSON of the four fields, e.g.
    /// <c>{"key_id":"…","root_hash":"…","time":"2026-01-02T03:04:05.0000000Z","tree_size":42}</c>.
    /// </summary>
    public byte[] SigningMessage() => CanonicalJson.ToUtf8Bytes(ToJson());

    /// <summary>The key id of a raw 32-byte Ed25519 public key.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> rawPublicKey) =>
        Convert.ToHexStringLower(SHA256.HashData(rawPublicKey))[..16];
}

/// <summary>A checkpoint with its Ed25519 signature and the public key that made it (both base64).</summary>
/// <param name="Signature">Base64 of the 64-byte Ed25519 signature over <see cref="Checkpoint.SigningMessage"/>.</param>
/// <param name="PublicKey">Base64 of the raw 32-byte Ed25519 public key whose id is Checkpoint.KeyId.</param>
public sealed record SignedCheckpoint(Checkpoint Checkpoint, string Signature, string PublicKey)
{
    /// <summary>The checkpoint line of an export: {"checkpoint":{…},"public_key":"…","signature":"…"}.</summary>
    public JsonObject ToJson() => new()
    {
        ["checkpoint"] = Checkpoint.ToJson(),
        ["signature"] = Signature,
        ["public_key"] = PublicKey,
    };
}
