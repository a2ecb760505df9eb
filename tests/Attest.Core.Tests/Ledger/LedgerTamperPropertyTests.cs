using System.Text;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using CsCheck;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

/// <summary>
/// Property: whatever single edit is made to an exported ledger — a byte changed, deleted or
/// inserted anywhere, a line removed, two lines swapped, a line duplicated or a freshly sealed entry
/// slipped in — verification fails, whether it trusts the operator's key or only the keys in the file.
/// </summary>
public sealed class LedgerTamperPropertyTests : IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly byte[][] _trusted;
    private readonly byte[][] _exports;

    public LedgerTamperPropertyTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, time);
        var signer = new CheckpointSigner(ring, time);
        _trusted = [ring.ActiveKey.PublicKeyBytes()];
        // Exports of 1..9 entries with a checkpoint halfway and one at the end (two when size ≥ 2).
        _exports = [.. Enumerable.Range(1, 9).Select(n =>
            SyntheticLedger.ExportAsync(n, signer, [.. new long[] { n / 2, n }.Where(s => s > 0).Distinct()]).GetAwaiter().GetResult())];
        foreach (var export in _exports)
            Verify(export, _trusted).Problem.ShouldBeNull();
    }

    public void Dispose() => _data.Dispose();

    private static LedgerVerificationResult Verify(byte[] export, byte[][]? trusted) =>
        LedgerExportVerification.Verify(new MemoryStream(export), trusted is null
            ? new LedgerTrustOptions { TrustFileKeys = true }
            : new LedgerTrustOptions { TrustedKeys = trusted });

    private void ShouldBeDetected(byte[] tampered, string what)
    {
        Verify(tampered, null).Problem.ShouldNotBeNull($"undetected when trusting the file's keys: {what}");
        Verify(tampered, _trusted).Problem.ShouldNotBeNull($"undetected with the trusted key: {what}");
    }

    private Gen<byte[]> Export => Gen.Int[0, _exports.Length - 1].Select(i => _exports[i]);

    [Fact]
    public void Any_single_byte_change_is_detected()
    {
        Export.SelectMany(e => Gen.Select(Gen.Int[0, e.Length - 1], Gen.Byte[1, 255], (position, delta) => (e, position, delta)))
            .Sample(t =>
            {
                var tampered = t.e.ToArray();
                tampered[t.position] = (byte)(tampered[t.position] + t.delta);
                ShouldBeDetected(tampered, $"byte {t.position} of {t.e.Length} changed by +{t.delta}");
            }, iter: 3000);
    }

    [Fact]
    public void Any_single_byte_deletion_or_insertion_is_detected()
    {
        Export.SelectMany(e => Gen.Select(Gen.Int[0, e.Length - 1], Gen.Byte, Gen.Bool, (position, value, insert) => (e, position, value, insert)))
            .Sample(t =>
            {
                var tampered = t.insert
                    ? [.. t.e[..t.position], t.value, .. t.e[t.position..]]
                    : t.e[..t.position].Concat(t.e[(t.position + 1)..]).ToArray();
                ShouldBeDetected(tampered, t.insert ? $"byte {t.value} inserted at {t.position}" : $"byte {t.position} deleted");
            }, iter: 2000);
    }

    [Fact]
    public void Removing_any_line_is_detected()
    {
        foreach (var export in _exports)
        {
            var lines = SyntheticLedger.Lines(export);
            for (var i = 0; i < lines.Count; i++)
                ShouldBeDetected(SyntheticLedger.Join(lines.Where((_, k) => k != i)), $"line {i + 1} of {lines.Count} removed");
        }
    }

    [Fact]
    public void Swapping_any_two_lines_is_detected()
    {
        foreach (var export in _exports)
        {
            var lines = SyntheticLedger.Lines(export);
            for (var i = 0; i < lines.Count; i++)
            {
                for (var j = i + 1; j < lines.Count; j++)
                {
                    var swapped = lines.ToList();
                    (swapped[i], swapped[j]) = (swapped[j], swapped[i]);
                    ShouldBeDetected(SyntheticLedger.Join(swapped), $"lines {i + 1} and {j + 1} swapped");
                }
            }
        }
    }

    [Fact]
    public void Inserting_a_copied_line_or_a_freshly_sealed_entry_anywhere_is_detected()
    {
        foreach (var export in _exports)
        {
            var lines = SyntheticLedger.Lines(export);
            var entries = lines.Count(l => l.StartsWith("{\"action\"", StringComparison.Ordinal));
            // A forger's entry, sealed properly and chained onto the last real entry.
            var last = SyntheticLedger.Entries(entries)[^1];
            var forged = LedgerHashing.Seal(last.Record.Seq + 1, last.Record.Time.AddMinutes(1), "user:mallory", "review.approved", "system:sys_1", last.Record.PayloadSha256, last.Record.Hash);
            var forgedLine = Encoding.UTF8.GetString(LedgerExportFormat.EntryLine(new LedgerExportEntry(forged, last.PayloadJson))).TrimEnd('\n');
            for (var at = 0; at <= lines.Count; at++)
            {
                foreach (var candidate in lines.Append(forgedLine))
                {
                    var inserted = lines.ToList();
                    inserted.Insert(at, candidate);
                    ShouldBeDetected(SyntheticLedger.Join(inserted), $"line inserted at {at + 1}: {candidate[..Math.Min(40, candidate.Length)]}");
                }
            }
        }
    }
}
