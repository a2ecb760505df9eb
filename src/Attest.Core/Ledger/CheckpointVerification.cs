using Attest.Engine.Ledger;

namespace Attest.Core.Ledger;

/// <summary>Checks a signed checkpoint's signature against the keys a verifier chose to trust.</summary>
public static class CheckpointVerification
{
    /// <summary>
    /// Null when the signature is valid for a trusted key; otherwise why not. With no trusted keys,
    /// the checkpoint's own embedded public key is used (it must still match the key id).
    /// </summary>
    public static string? Problem(SignedCheckpoint signed, IReadOnlyCollection<byte[]>? trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var keyId = signed.Checkpoint.KeyId;
        // The embedded key must always be the key the checkpoint names, trusted keys or not:
        // otherwise its bytes could change without anyone noticing.
        var embedded = Ed25519PublicKeys.TryParse(signed.PublicKey);
        if (embedded is null) return "its public_key is not an Ed25519 public key";
        if (Checkpoint.KeyIdOf(embedded) != keyId) return $"its public_key has id {Checkpoint.KeyIdOf(embedded)}, not the key_id {keyId} it claims";
        var key = embedded;
        if (trustedKeys is { Count: > 0 })
        {
            key = trustedKeys.FirstOrDefault(k => Checkpoint.KeyIdOf(k) == keyId);
            if (key is null)
                return $"signed by key {keyId}, which is not a trusted key ({string.Join(", ", trustedKeys.Select(k => Checkpoint.KeyIdOf(k)))})";
        }
        byte[] signature;
        try
        {
            signature = Convert.FromBase64String(signed.Signature);
        }
        catch (FormatException)
        {
            return "its signature is not base64";
        }
        return Ed25519PublicKeys.Verify(key, signed.Checkpoint.SigningMessage(), signature)
            ? null
            : $"the signature by key {keyId} does not verify (forged or altered checkpoint)";
    }
}
