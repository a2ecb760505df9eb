using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Core.Tests.Ledger;

/// <summary>A chained ledger made with the real sealing code, and its export.</summary>
internal static class SyntheticLedger
{
    public static readonly DateTimeOffset Start = new(2026, 2, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Actions = ["system.created", "intake.answered", "evidence.added", "control.status_changed", "review.approved"];

    /// <summary>Entries with their payloads (canonical JSON, as the ledger writer stores them).</summary>
    public static List<LedgerExportEntry> Entries(int count)
    {
        var entries = new List<LedgerExportEntry>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var payload = new JsonObject { ["n"] = seq, ["note"] = $"change {seq} — ünïcode", ["score"] = seq / 8.0 };
            var record = LedgerHashing.Seal(seq, Start.AddMinutes(seq), $"user:u{seq % 3}", Actions[seq % Actions.Length], $"system:sys_{seq % 4}", LedgerHashing.PayloadDigest(payload), prev);
            entries.Add(new LedgerExportEntry(record, CanonicalJson.ToCanonicalString(payload)));
            prev = record.Hash;
        }
        return entries;
    }

    public static List<LedgerRecord> Records(int count) => [.. Entries(count).Select(e => e.Record)];

    /// <summary>Re-seals <paramref name="entries"/> from the first one <paramref name="change"/> alters: a forger's consistent chain.</summary>
    public static List<LedgerExportEntry> Reseal(IEnumerable<LedgerExportEntry> entries, Func<LedgerExportEntry, LedgerExportEntry> change)
    {
        var forged = new List<LedgerExportEntry>();
        var prev = LedgerHashing.GenesisHash;
        foreach (var original in entries)
        {
            var e = change(original);
            var r = e.Record;
            var digest = LedgerHashing.Sha256Hex(Encoding.UTF8.GetBytes(e.PayloadJson));
            var sealedRecord = LedgerHashing.Seal(r.Seq, r.Time, r.Actor, r.Action, r.Subject, digest, prev);
            forged.Add(new LedgerExportEntry(sealedRecord, e.PayloadJson));
            prev = sealedRecord.Hash;
        }
        return forged;
    }

    public static async IAsyncEnumerable<T> Async<T>(IEnumerable<T> records)
    {
        foreach (var r in records)
        {
            await Task.Yield();
            yield return r;
        }
    }

    /// <summary>An export of <paramref name="count"/> entries with checkpoints at the given sizes.</summary>
    public static async Task<byte[]> ExportAsync(int count, CheckpointSigner signer, params long[] checkpointSizes)
    {
        var entries = Entries(count);
        var tree = MerkleTree.FromLedger(entries.Select(e => e.Record));
        var checkpoints = checkpointSizes.Select(size => signer.Sign(size, tree.RootHash(size))).ToList();
        using var output = new MemoryStream();
        await LedgerExportWriter.WriteAsync(output, Async(entries), checkpoints, cancellationToken: TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    public static List<string> Lines(byte[] export) => [.. Encoding.UTF8.GetString(export).Split('\n')[..^1]];

    public static byte[] Join(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
}
