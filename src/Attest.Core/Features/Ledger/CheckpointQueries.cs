using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Ledger;

public sealed record CheckpointPage(IReadOnlyList<CheckpointDto> Items, long? NextBeforeTreeSize);

/// <summary>The latest signed checkpoint; NotFound before the first one.</summary>
public sealed class GetLatestCheckpoint(AttestDbContext db, LedgerKeys keys)
{
    public async Task<Result<CheckpointDto>> ExecuteAsync(CancellationToken ct)
    {
        var row = await db.LedgerCheckpoints.AsNoTracking().OrderByDescending(c => c.TreeSize).FirstOrDefaultAsync(ct);
        return row is null
            ? Result<CheckpointDto>.NotFound("The ledger has no signed checkpoint yet.")
            : Result<CheckpointDto>.Ok(CheckpointDto.From(row.ToSigned(await LedgerPublicKeys.ForAsync(db, keys.ReadCurrent(), [row.KeyId], ct))));
    }
}

/// <summary>Signed checkpoints, newest first, paged by tree size.</summary>
public sealed class ListCheckpoints(AttestDbContext db, LedgerKeys keys)
{
    public const int MaxLimit = 1000;

    /// <param name="beforeTreeSize">Only checkpoints smaller than this (the previous page's <c>next_before_tree_size</c>).</param>
    public async Task<CheckpointPage> ExecuteAsync(long? beforeTreeSize, int limit, CancellationToken ct)
    {
        limit = Math.Clamp(limit, 1, MaxLimit);
        var rows = db.LedgerCheckpoints.AsNoTracking();
        if (beforeTreeSize is { } before) rows = rows.Where(c => c.TreeSize < before);
        var page = await rows.OrderByDescending(c => c.TreeSize).Take(limit + 1).ToListAsync(ct);
        var publicKeys = await LedgerPublicKeys.ForAsync(db, page.Count > 0 ? keys.ReadCurrent() : null, page.Select(r => r.KeyId), ct);
        var items = page.Take(limit).Select(r => CheckpointDto.From(r.ToSigned(publicKeys))).ToList();
        return new CheckpointPage(items, page.Count > limit ? items[^1].TreeSize : null);
    }
}

/// <summary>
/// An RFC 9162 inclusion proof of one entry against the latest checkpoint
/// (<see cref="LedgerProofDocuments.Inclusion"/>); signs a new checkpoint when none covers the entry yet.
/// </summary>
public sealed class GetInclusionProof(AttestDbContext db, CreateCheckpoint checkpoints, LedgerTree tree, LedgerIntegrityMonitor monitor)
{
    public async Task<Result<JsonObject>> ExecuteAsync(long seq, CancellationToken ct)
    {
        var row = seq < 1 ? null : await db.Ledger.AsNoTracking().FirstOrDefaultAsync(e => e.Seq == seq, ct);
        if (row is null) return Result<JsonObject>.NotFound($"No ledger entry with seq {seq}.");
        if (LedgerEntryCheck.Problem(row) is { } problem)
        {
            monitor.Report(seq, problem);
            return CreateCheckpoint.Refused<JsonObject>(problem);
        }
        // Attest signs the covering checkpoint itself when none covers the entry yet: a reader needs no right to sign.
        var covering = await checkpoints.CoverAsync(seq, CallerIdentity.Attest, ct);
        if (!covering.IsOk) return covering.As<JsonObject>();
        var signed = covering.Value!.Signed;
        var entry = row.ToRecord();
        try
        {
            return await tree.UseAsync(db, t =>
            {
                // The row must be the entry the signed tree holds: one rewritten with a matching hash is not.
                if (!t.LeafHash(seq - 1).SequenceEqual(MerkleHashing.LedgerLeafHash(entry)))
                    throw new LedgerIntegrityException(seq, $"ledger entry seq {seq} is not the entry the signed Merkle tree holds at that position: the row was rewritten after it was recorded");
                var proof = LedgerProofDocuments.Inclusion(entry, t, signed);
                proof["payload"] = JsonNode.Parse(row.PayloadJson);
                return Result<JsonObject>.Ok(proof);
            }, ct);
        }
        catch (LedgerIntegrityException e)
        {
            monitor.Report(e);
            return CreateCheckpoint.Refused<JsonObject>(e.Message);
        }
    }
}

/// <summary>
/// An RFC 9162 consistency proof that the ledger of <c>from</c> entries is a prefix of the ledger of
/// <c>to</c> entries, with the stored checkpoints at those sizes when there are any.
/// </summary>
public sealed class GetConsistencyProof(AttestDbContext db, LedgerKeys keys, LedgerTree tree, LedgerIntegrityMonitor monitor)
{
    public async Task<Result<JsonObject>> ExecuteAsync(long from, long to, CancellationToken ct)
    {
        var size = await db.Ledger.AsNoTracking().MaxAsync(e => (long?)e.Seq, ct) ?? 0;
        var errors = new FieldErrors();
        if (from < 1) errors.Add("from", "must be a tree size of at least 1");
        if (to < from) errors.Add("to", $"must be at least from ({from})");
        if (to > size) errors.Add("to", $"must be at most the ledger's size ({size})");
        if (errors.Any) return errors.ToResult<JsonObject>();

        JsonObject document;
        try
        {
            document = await tree.UseAsync(db, t =>
            {
                var proof = LedgerProofDocuments.Consistency(t, from, to);
                proof["old_root_hash"] = Convert.ToHexStringLower(t.RootHash(from));
                proof["new_root_hash"] = Convert.ToHexStringLower(t.RootHash(to));
                return proof;
            }, ct);
        }
        catch (LedgerIntegrityException e)
        {
            monitor.Report(e);
            return CreateCheckpoint.Refused<JsonObject>(e.Message);
        }
        var rows = await db.LedgerCheckpoints.AsNoTracking().Where(c => c.TreeSize == from || c.TreeSize == to).ToListAsync(ct);
        var publicKeys = await LedgerPublicKeys.ForAsync(db, rows.Count > 0 ? keys.ReadCurrent() : null, rows.Select(r => r.KeyId), ct);
        document["old_checkpoint"] = rows.Find(r => r.TreeSize == from)?.ToSigned(publicKeys).ToJson();
        document["new_checkpoint"] = rows.Find(r => r.TreeSize == to)?.ToSigned(publicKeys).ToJson();
        return Result<JsonObject>.Ok(document);
    }
}
