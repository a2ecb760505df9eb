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

    public static List<LedgerRecord> Entries(int count)
    {
        var records = new List<LedgerRecord>();
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= count; seq++)
        {
            var payload = LedgerHashing.PayloadDigest(new JsonObject { ["n"] = seq, ["note"] = $"change {seq} — ünïcode" });
            var record = LedgerHashing.Seal(seq, Start.AddMinutes(seq), $"user:u{seq % 3}", Actions[seq % Actions.Length], $"system:sys_{seq % 4}", payload, prev);
            records.Add(record);
            prev = record.Hash;
        }
        return records;
    }

    public static async IAsyncEnumerable<LedgerRecord> Async(IEnumerable<LedgerRecord> records)
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
        var tree = MerkleTree.FromLedger(entries);
        var checkpoints = checkpointSizes.Select(size => signer.Sign(size, tree.RootHash(size))).ToList();
        using var output = new MemoryStream();
        await LedgerExportWriter.WriteAsync(output, Async(entries), checkpoints, cancellationToken: TestContext.Current.CancellationToken);
        return output.ToArray();
    }

    public static List<string> Lines(byte[] export) => [.. Encoding.UTF8.GetString(export).Split('\n')[..^1]];

    public static byte[] Join(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
}
