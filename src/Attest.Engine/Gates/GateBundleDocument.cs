using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Engine.Ledger;

namespace Attest.Engine.Gates;

/// <summary>An Ed25519 signature of a bundle's signed bytes by a ledger key (base64 raw public key and signature).</summary>
public sealed record GateBundleSignature(string KeyId, string PublicKey, string Signature);

/// <summary>The <c>integrity</c> member: the SHA-256 of the signed bytes and, when a ledger key was available, their signature.</summary>
public sealed record GateBundleIntegrity(string Sha256, GateBundleSignature? Signature);

/// <summary>A bundle file read and checked against its own SHA-256; the signature is for the caller to verify against trusted keys.</summary>
public sealed record OpenedGateBundle(GateBundle Bundle, GateBundleIntegrity Integrity, byte[] SignedBytes);

/// <summary>
/// The bundle file: the bundle's JSON object plus an <c>integrity</c> member. What the SHA-256 and the signature cover
/// (<see cref="SignedBytes"/>) is the canonical JSON (RFC 8785, <see cref="CanonicalJson"/>) of the document without
/// its <c>integrity</c> member, so the file may be re-indented but no value can change unnoticed.
/// </summary>
public static class GateBundleDocument
{
    public const string IntegrityMember = "integrity";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bytes the SHA-256 and the signature cover.</summary>
    public static byte[] SignedBytes(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var content = new JsonObject();
        foreach (var (key, value) in document)
        {
            if (key != IntegrityMember) content[key] = value?.DeepClone();
        }
        return CanonicalJson.ToUtf8Bytes(content);
    }

    /// <summary>
    /// The bundle's document in the form whose values read back exactly (every value as parsed JSON), with the bytes
    /// to hash and sign: sign those, then <see cref="Write"/>.
    /// </summary>
    public static (JsonObject Document, byte[] SignedBytes) Prepare(GateBundle bundle)
    {
        var document = (JsonObject)JsonNode.Parse(GateBundleJson.ToJson(bundle).ToJsonString())!;
        return (document, SignedBytes(document));
    }

    public static string Sha256(ReadOnlySpan<byte> signedBytes) => LedgerHashing.Sha256Hex(signedBytes);

    /// <summary>The file text: the document, indented, with its integrity member last.</summary>
    public static string Write(JsonObject document, GateBundleIntegrity integrity)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(integrity);
        var file = (JsonObject)document.DeepClone();
        file.Remove(IntegrityMember);
        file[IntegrityMember] = new JsonObject
        {
            ["sha256"] = integrity.Sha256,
            ["key_id"] = integrity.Signature?.KeyId,
            ["public_key"] = integrity.Signature?.PublicKey,
            ["signature"] = integrity.Signature?.Signature,
        };
        return file.ToJsonString(Indented) + "\n";
    }

    /// <summary>
    /// Parses a bundle file and checks its SHA-256. Throws <see cref="FormatException"/> naming the problem: not JSON,
    /// not a bundle, a missing or malformed member (by JSON path), or content that does not match its SHA-256.
    /// </summary>
    public static OpenedGateBundle Open(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonObject document;
        try
        {
            document = JsonNode.Parse(text) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (JsonException e)
        {
            throw new FormatException($"not JSON ({e.Message.Split(" LineNumber:")[0]})");
        }
        if (document[IntegrityMember] is not JsonObject integrity)
            throw new FormatException("integrity: missing (not an exported gate bundle)");
        var sha = integrity["sha256"] is JsonValue s && s.TryGetValue<string>(out var hex) ? hex
            : throw new FormatException("integrity.sha256: missing");
        var bytes = SignedBytes(document);
        var actual = Sha256(bytes);
        if (!string.Equals(actual, sha, StringComparison.Ordinal))
            throw new FormatException($"content does not match integrity.sha256 {sha} (it hashes to {actual}): the bundle was altered after export");
        string? Member(string key) => integrity[key] is JsonValue v && v.TryGetValue<string>(out var value) ? value : null;
        var keyId = Member("key_id");
        var publicKey = Member("public_key");
        var signature = Member("signature");
        var signed = keyId is not null && publicKey is not null && signature is not null ? new GateBundleSignature(keyId, publicKey, signature) : null;
        return new OpenedGateBundle(GateBundleJson.FromJson(document), new GateBundleIntegrity(sha, signed), bytes);
    }
}
