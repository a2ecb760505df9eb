using System.Text;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Packs;

/// <summary>
/// The layout of an assurance pack (a zip; see docs/ledger.md):
/// <list type="bullet">
/// <item><c>manifest.json</c> — canonical JSON: format, and every other file's path, size and SHA-256 (sorted by path);</item>
/// <item><c>manifest.sig.json</c> — an Ed25519 signature over the exact bytes of manifest.json;</item>
/// <item><c>ledger/entries.jsonl</c> — the ledger entries the pack concerns, export lines (with their payloads) in seq order;</item>
/// <item><c>ledger/proofs.json</c> — an RFC 9162 inclusion proof per entry against the checkpoint;</item>
/// <item><c>ledger/checkpoint.json</c> — the signed checkpoint (an export checkpoint line);</item>
/// <item><c>ledger/public_key.pem</c> — the checkpoint's public key, for openssl;</item>
/// <item>the content files (system card, classification, evidence, …) at the paths the caller gave.</item>
/// </list>
/// </summary>
public static class AssurancePackFormat
{
    public const string FormatName = "attest-assurance-pack/2";
    public const string ManifestPath = "manifest.json";
    public const string ManifestSignaturePath = "manifest.sig.json";
    public const string EntriesPath = "ledger/entries.jsonl";
    public const string ProofsPath = "ledger/proofs.json";
    public const string CheckpointPath = "ledger/checkpoint.json";
    public const string PublicKeyPath = "ledger/public_key.pem";

    /// <summary>Paths the pack itself writes; content files may not use them.</summary>
    public static readonly IReadOnlySet<string> ReservedPaths = new HashSet<string>(StringComparer.Ordinal)
    {
        ManifestPath, ManifestSignaturePath, EntriesPath, ProofsPath, CheckpointPath, PublicKeyPath,
    };

    /// <summary>Null when <paramref name="path"/> is a safe relative pack path, else why not.</summary>
    public static string? PathProblem(string path)
    {
        if (string.IsNullOrEmpty(path)) return "a pack path cannot be empty";
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains(':', StringComparison.Ordinal))
            return $"pack path '{path}' must be relative with forward slashes";
        if (path.Split('/').Any(part => part is "" or "." or ".."))
            return $"pack path '{path}' has an empty, '.' or '..' segment";
        if (path.Any(char.IsControl)) return $"pack path '{path}' has a control character";
        return null;
    }

    public static string Sha256Hex(byte[] content) => LedgerHashing.Sha256Hex(content);

    /// <summary>The manifest bytes for the given files (every file but the manifest and its signature).</summary>
    public static byte[] Manifest(IEnumerable<PackFile> files) =>
        Encoding.UTF8.GetBytes(CanonicalJson.ToCanonicalString(new JsonObject
        {
            ["format"] = FormatName,
            ["files"] = new JsonArray([.. files.OrderBy(f => f.Path, StringComparer.Ordinal).Select(f => (JsonNode)new JsonObject
            {
                ["path"] = f.Path,
                ["size"] = f.Content.LongLength,
                ["sha256"] = Sha256Hex(f.Content),
            })]),
        }) + "\n");

    /// <summary>The signature file over the manifest bytes.</summary>
    public static byte[] ManifestSignature(string keyId, string publicKey, string signature) =>
        Encoding.UTF8.GetBytes(CanonicalJson.ToCanonicalString(new JsonObject
        {
            ["key_id"] = keyId,
            ["public_key"] = publicKey,
            ["signature"] = signature,
        }) + "\n");

    /// <summary>proofs.json: for each entry, its leaf index and audit path in the tree the checkpoint signs.</summary>
    public static byte[] Proofs(long treeSize, IEnumerable<(long Seq, long LeafIndex, IReadOnlyList<byte[]> Proof)> proofs) =>
        Encoding.UTF8.GetBytes(CanonicalJson.ToCanonicalString(new JsonObject
        {
            ["tree_size"] = treeSize,
            ["proofs"] = new JsonArray([.. proofs.Select(p => (JsonNode)new JsonObject
            {
                ["seq"] = p.Seq,
                ["leaf_index"] = p.LeafIndex,
                ["inclusion_proof"] = new JsonArray([.. p.Proof.Select(h => (JsonNode)Convert.ToHexStringLower(h))]),
            })]),
        }) + "\n");
}
