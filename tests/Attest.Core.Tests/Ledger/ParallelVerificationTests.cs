using System.Text;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

/// <summary>
/// The streamed verifier hashes a block's entries on every core and builds the Merkle tree in bulk; what it reports
/// must not depend on that: a byte flipped in entry k is reported at line k, with the same problem as on one thread,
/// whatever the block boundaries.
/// </summary>
public sealed class ParallelVerificationTests : IDisposable
{
    private const int Count = 6000;
    private readonly TempDirectory _data = new();
    private readonly byte[] _trusted;
    private readonly byte[] _export;

    public ParallelVerificationTests()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, time);
        _trusted = ring.ActiveKey.PublicKeyBytes();
        _export = SyntheticLedger.ExportAsync(Count, new CheckpointSigner(ring, time), 2500, Count).GetAwaiter().GetResult();
    }

    public void Dispose() => _data.Dispose();

    private LedgerVerificationResult Verify(byte[] export, bool parallel, int readSize) =>
        LedgerExportVerification.Verify(new TrickleStream(export, readSize), new LedgerTrustOptions { TrustedKeys = [_trusted] }, parallel);

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(65_536)]
    [InlineData(4_099)]
    public void An_intact_export_verifies_with_the_same_root_on_every_core_and_on_one_thread(int readSize)
    {
        var parallel = Verify(_export, parallel: true, readSize);
        var serial = Verify(_export, parallel: false, readSize);
        parallel.Problem.ShouldBeNull();
        serial.Problem.ShouldBeNull();
        parallel.Entries.ShouldBe(Count);
        parallel.RootHash.ShouldBe(serial.RootHash);
        parallel.RootHash.ShouldBe(Convert.ToHexStringLower(MerkleTree.FromLedger(SyntheticLedger.Records(Count)).RootHash()));
        parallel.CheckpointsVerified.ShouldBe(2);
    }

    [Theory]
    [InlineData(1, "actor")]
    [InlineData(2, "payload")]
    [InlineData(777, "actor")]
    [InlineData(2500, "payload")]
    [InlineData(2501, "actor")]
    [InlineData(4321, "payload")]
    [InlineData(Count, "actor")]
    public void A_byte_flipped_in_entry_k_is_reported_at_line_k(int k, string member)
    {
        var lines = SyntheticLedger.Lines(_export);
        var line = lines[k - 1];
        var at = line.IndexOf(member == "actor" ? "\"actor\":\"user:u" : "\"note\":\"change ", StringComparison.Ordinal) + 12;
        var chars = line.ToCharArray();
        chars[at] = chars[at] == 'x' ? 'y' : 'x';
        lines[k - 1] = new string(chars);
        var tampered = SyntheticLedger.Join(lines);
        Encoding.UTF8.GetString(tampered).ShouldNotBe(Encoding.UTF8.GetString(_export));

        foreach (var readSize in new[] { int.MaxValue, 65_536, 4_099 })
        {
            var parallel = Verify(tampered, parallel: true, readSize).Problem;
            var serial = Verify(tampered, parallel: false, readSize).Problem;
            parallel.ShouldNotBeNull();
            parallel.Line.ShouldBe(k, $"read size {readSize}");
            parallel.Kind.ShouldBe(member == "actor" ? LedgerProblemKind.ChangedEntry : LedgerProblemKind.ChangedPayload);
            serial.ShouldNotBeNull();
            parallel.Message.ShouldBe(serial.Message);
        }
    }

    /// <summary>Hands out at most <c>readSize</c> bytes per read, so lines straddle the verifier's blocks.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));
    }
}
