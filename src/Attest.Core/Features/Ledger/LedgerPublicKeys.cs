using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// The public keys that verify stored checkpoints: this data directory's key ring first, then the keys the shared ledger
/// itself records (<c>ledger.key_created</c> / <c>ledger.key_rotated</c>, written before a key's first signature). With
/// several instances on one PostgreSQL database each may sign with a key that is not in another's <c>--data</c>
/// directory; the ledger names them all, so any instance shows, exports and proves what any other signed. Only public
/// keys are read: a recorded key whose id is not the SHA-256 of its public key is ignored. Trust is not decided here
/// — auditors verify exports against keys they trust (<c>attest ledger verify --trusted-key/--pin</c>).
/// </summary>
public sealed class LedgerPublicKeys
{
    private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

    private LedgerPublicKeys() { }

    /// <summary>Base64 of the raw public key of <paramref name="keyId"/>, or null when neither the ring nor the ledger knows it.</summary>
    public string? Find(string keyId) => _keys.GetValueOrDefault(keyId);

    /// <summary>The public keys for <paramref name="keyIds"/>: from <paramref name="ring"/> when it has them, else from the ledger.</summary>
    public static async Task<LedgerPublicKeys> ForAsync(AttestDbContext db, LedgerKeyRing? ring, IEnumerable<string> keyIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keyIds);
        var found = new LedgerPublicKeys();
        foreach (var key in ring?.Keys ?? []) found._keys[key.KeyId] = key.PublicKey;
        var missing = keyIds.Where(k => !found._keys.ContainsKey(k)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0) return found;
        var subjects = missing.Select(k => new LedgerKeySubject(k).LedgerSubject).ToList();
        var created = LedgerActions.KeyCreated.Name;
        var rotated = LedgerActions.KeyRotated.Name;
        var payloads = await db.Ledger.AsNoTracking()
            .Where(e => subjects.Contains(e.Subject) && (e.Action == created || e.Action == rotated))
            .Select(e => e.PayloadJson).ToListAsync(ct);
        foreach (var payload in payloads)
        {
            if (Recorded(payload) is { } key && !found._keys.ContainsKey(key.KeyId)) found._keys[key.KeyId] = key.PublicKey;
        }
        return found;
    }

    /// <summary>
    /// Every key the ledger records (oldest first), with its retirement when a later rotation names it: the keys other
    /// instances on the same database sign with, for <c>GET /api/v1/ledger/public-keys</c>.
    /// </summary>
    public static async Task<IReadOnlyList<LedgerKeyInfo>> RecordedAsync(AttestDbContext db, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var created = LedgerActions.KeyCreated.Name;
        var rotated = LedgerActions.KeyRotated.Name;
        var rows = await db.Ledger.AsNoTracking().Where(e => e.Action == created || e.Action == rotated)
            .OrderBy(e => e.Seq).Select(e => new { e.Time, e.PayloadJson }).ToListAsync(ct);
        var keys = new List<LedgerKeyInfo>();
        foreach (var row in rows)
        {
            if (Recorded(row.PayloadJson) is not { } key) continue;
            if (JsonNode.Parse(row.PayloadJson)?["retired_key_id"]?.GetValue<string>() is { } retired)
            {
                var index = keys.FindIndex(k => k.KeyId == retired);
                if (index >= 0) keys[index] = keys[index] with { Retired = row.Time };
            }
            if (keys.TrueForAll(k => k.KeyId != key.KeyId)) keys.Add(new LedgerKeyInfo(key.KeyId, key.PublicKey, row.Time, null));
        }
        return keys;
    }

    private static (string KeyId, string PublicKey)? Recorded(string payloadJson)
    {
        try
        {
            var node = JsonNode.Parse(payloadJson);
            if (node?["key_id"]?.GetValue<string>() is not { } keyId || node["public_key"]?.GetValue<string>() is not { } publicKey) return null;
            var raw = Ed25519PublicKeys.TryParse(publicKey);
            return raw is not null && Checkpoint.KeyIdOf(raw) == keyId ? (keyId, publicKey) : null;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
