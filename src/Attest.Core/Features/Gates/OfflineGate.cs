using Attest.Core.Common;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Ledger;
using Attest.Engine.Classification;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>
/// The gate evaluated from an exported bundle instead of the database (<c>attest gate --bundle</c>): the bundle's
/// facts on the given day, plus a CI run's own measurements, judged by the bundle's gate definition. Pure apart from
/// the signature check's cryptography.
/// </summary>
public static class OfflineGate
{
    /// <summary>
    /// Null when the bundle is signed by one of <paramref name="trustedKeys"/> (raw Ed25519 public keys); otherwise why not.
    /// </summary>
    public static string? SignatureProblem(OpenedGateBundle opened, IReadOnlyList<byte[]> trustedKeys)
    {
        ArgumentNullException.ThrowIfNull(opened);
        ArgumentNullException.ThrowIfNull(trustedKeys);
        if (opened.Integrity.Signature is not { } signed)
            return "the bundle is not signed (it was exported from a data directory without a ledger key)";
        byte[] publicKey, signature;
        try
        {
            publicKey = Convert.FromBase64String(signed.PublicKey);
            signature = Convert.FromBase64String(signed.Signature);
        }
        catch (FormatException)
        {
            return "integrity.public_key or integrity.signature is not base64";
        }
        if (!trustedKeys.Any(k => k.AsSpan().SequenceEqual(publicKey)))
            return $"the bundle is signed by key {signed.KeyId}, which is not a trusted key";
        return Ed25519PublicKeys.Verify(publicKey, opened.SignedBytes, signature)
            ? null
            : $"the signature by key {signed.KeyId} does not verify (forged or altered bundle)";
    }

    /// <summary>
    /// The verdict for <paramref name="system"/> (id or slug) and <paramref name="modelVersion"/> (id, version or
    /// name@version; null: the bundle's own) on <paramref name="today"/>. A bundle of another system or model version is invalid input.
    /// </summary>
    public static Result<GateReport> Evaluate(GateBundle bundle, string system, string? modelVersion, GateStage stage, DateOnly today,
        IReadOnlyList<EvaluationMeasurement>? measurements = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        if (!bundle.IsForSystem(system))
            return Result<GateReport>.Invalid("system", $"the bundle is for AI system '{bundle.SystemSlug}' ({bundle.SystemId}), not '{system}'.");
        if (modelVersion is not null && bundle.ModelVersion?.Matches(modelVersion) != true)
            return Result<GateReport>.Invalid("model_version", bundle.ModelVersion is null
                ? $"the bundle was exported for AI system '{bundle.SystemSlug}' as a whole, not model version '{modelVersion}'; export one with --model-version {modelVersion}."
                : $"the bundle is for model version {bundle.ModelVersion.Label}, not '{modelVersion}'.");
        var gate = bundle.GateFor(stage);
        if (gate is null)
            return Result<GateReport>.Invalid("stage", $"the bundle has no {WireName.Of(stage)} gate.");
        var result = GateEvaluator.Evaluate(gate, bundle.Facts.FactsOn(stage, today, measurements));
        return Result<GateReport>.Ok(GateReport.From(bundle.SystemId, bundle.Tier, gate, result, today));
    }
}
