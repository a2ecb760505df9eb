using Attest.Engine.Ledger;

namespace Attest.Core.Features.Ledger;

/// <summary>Checks Ed25519 signatures (checkpoints, pack manifests) against the keys a verifier chose to trust.</summary>
public static class CheckpointVerification
{
    /// <summary>Null when the checkpoint's signature verifies; otherwise why not, as one sentence.</summary>
    public static string? Problem(SignedCheckpoint signed, IReadOnlyCollection<byte[]>? trustedKeys) => Check(signed, trustedKeys)?.Reason;

    /// <summary>
    /// Null when the checkpoint's signature is valid for a trusted key. With no trusted keys, the
    /// checkpoint's own embedded public key is used.
    /// </summary>
    public static SignatureFailure? Check(SignedCheckpoint signed, IReadOnlyCollection<byte[]>? trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var failure = VerifySignature(signed.Checkpoint.KeyId, signed.PublicKey, signed.Checkpoint.SigningMessage(), signed.Signature, trustedKeys);
        return failure is { UntrustedKey: false }
            ? failure with { Reason = failure.Reason.Replace("(forged or altered)", "(forged or altered checkpoint)", StringComparison.Ordinal) }
            : failure;
    }

    /// <summary>
    /// Null when <paramref name="signature"/> is a valid signature of <paramref name="checkpoint"/> by a
    /// trusted key — or, with no trusted keys, by the key the file names (<paramref name="embeddedPublicKey"/>,
    /// base64; null when it names none).
    /// </summary>
    public static SignatureFailure? Check(Checkpoint checkpoint, string signature, string? embeddedPublicKey, IReadOnlyCollection<byte[]> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (embeddedPublicKey is not null)
        {
            var failure = VerifySignature(checkpoint.KeyId, embeddedPublicKey, checkpoint.SigningMessage(), signature, trustedKeys);
            return failure is { UntrustedKey: false }
                ? failure with { Reason = failure.Reason.Replace("(forged or altered)", "(forged or altered checkpoint)", StringComparison.Ordinal) }
                : failure;
        }
        var key = trustedKeys.FirstOrDefault(k => Checkpoint.KeyIdOf(k) == checkpoint.KeyId);
        if (key is null)
            return new SignatureFailure(true, trustedKeys.Count > 0
                ? $"signed by key {checkpoint.KeyId}, which is not a trusted key ({string.Join(", ", trustedKeys.Select(k => Checkpoint.KeyIdOf(k)))})"
                : $"signed by key {checkpoint.KeyId}, and the file names no public key for it");
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return Invalid("its signature is not base64");
        }
        return Ed25519PublicKeys.Verify(key, checkpoint.SigningMessage(), bytes) ? null : Invalid($"the signature by key {checkpoint.KeyId} does not verify (forged or altered checkpoint)");
    }

    /// <summary>
    /// Null when <paramref name="signature"/> (base64) is key <paramref name="keyId"/>'s valid signature of
    /// <paramref name="message"/>. The embedded <paramref name="publicKey"/> must always be the key the
    /// id names (or its bytes could change unnoticed); with trusted keys, only they are used to verify.
    /// </summary>
    public static SignatureFailure? VerifySignature(string keyId, string publicKey, byte[] message, string signature, IReadOnlyCollection<byte[]>? trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(message);
        var embedded = Ed25519PublicKeys.TryParse(publicKey);
        if (embedded is null) return Invalid("its public_key is not an Ed25519 public key");
        if (Checkpoint.KeyIdOf(embedded) != keyId) return Invalid($"its public_key has id {Checkpoint.KeyIdOf(embedded)}, not the key_id {keyId} it claims");
        var key = embedded;
        if (trustedKeys is { Count: > 0 })
        {
            key = trustedKeys.FirstOrDefault(k => Checkpoint.KeyIdOf(k) == keyId);
            if (key is null)
                return new SignatureFailure(true, $"signed by key {keyId}, which is not a trusted key ({string.Join(", ", trustedKeys.Select(k => Checkpoint.KeyIdOf(k)))})");
        }
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(signature);
        }
        catch (FormatException)
        {
            return Invalid("its signature is not base64");
        }
        return Ed25519PublicKeys.Verify(key, message, bytes) ? null : Invalid($"the signature by key {keyId} does not verify (forged or altered)");
    }

    private static SignatureFailure Invalid(string reason) => new(false, reason);
}
