using System.Reflection;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Ledger;
using Attest.Engine.Gates;

namespace Attest.Core.Features.Gates;

/// <summary>A written bundle: the file text (exactly the bytes to store or serve) and what it holds.</summary>
public sealed record ExportedGateBundle(string Json, GateBundle Bundle, GateBundleIntegrity Integrity);

/// <summary>
/// Exports a gate bundle (<see cref="GateBundle.Format"/>, docs/gates.md "Offline CI gate with a bundle"): the gates of
/// every lifecycle transition for the system's tier and the facts as gathered now, with the SHA-256 of the canonical
/// content and, when the data directory has a ledger key, an Ed25519 signature by the active key. Reads only.
/// </summary>
public sealed class ExportGateBundle(AttestDbContext db, ComplianceData compliance, GateData gates, TimeProvider time, Attest.Core.Features.Evidence.BlobStore blobs, LedgerKeys keys)
{
    public async Task<Result<ExportedGateBundle>> ExecuteAsync(string idOrSlug, string? modelVersion, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<ExportedGateBundle>.NotFound($"No AI system '{idOrSlug}'.");
        var (version, error) = await ModelVersionRefs.ResolveOptionalAsync<ExportedGateBundle>(db, system, modelVersion, "model_version", ct);
        if (error is not null)
            return error;
        var latest = await ClassificationRecords.LatestAsync(db, system.Id, ct);
        if (ClassificationRecords.NotReady(system, latest) is { } notReady)
            return Result<ExportedGateBundle>.Conflict(notReady);

        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tier = latest!.Tier;
        var snapshot = await GateSnapshots.ReadAsync(db, blobs, system, version, (await Incidents.OrgControlLibrary.LoadAsync(db, compliance, ct)).Required(system.Id, latest),
            EvaluateGate.RequiredSignOffs(latest), today, allValidEvaluations: true, ct);
        var bundle = new GateBundle
        {
            AttestVersion = AttestVersion,
            ExportedAt = now,
            SystemId = system.Id,
            SystemSlug = system.Slug,
            Tier = tier,
            ModelVersion = version is null ? null : new BundleModelVersion(version.Id, version.Version, version.Label),
            Gates = gates.Catalog.Gates.Where(g => g.Tier == tier).OrderBy(g => g.Stage).ToArray(),
            Facts = snapshot,
        };
        var (document, signedBytes) = GateBundleDocument.Prepare(bundle);
        GateBundleSignature? signature = null;
        // Signed only with a key the ledger already uses (its first checkpoint creates it, recorded in the ledger):
        // an export reads, so it does not create keys.
        if (keys.Exists)
        {
            var ring = keys.Ring;
            var (keyId, bytes) = ring.SignWithActiveKey(signedBytes);
            signature = new GateBundleSignature(keyId, ring.Find(keyId)!.PublicKey, Convert.ToBase64String(bytes));
        }
        var integrity = new GateBundleIntegrity(GateBundleDocument.Sha256(signedBytes), signature);
        return Result<ExportedGateBundle>.Ok(new ExportedGateBundle(GateBundleDocument.Write(document, integrity), bundle, integrity));
    }

    public static string AttestVersion { get; } =
        typeof(ExportGateBundle).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
