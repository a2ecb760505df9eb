using System.Diagnostics;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

public sealed class LedgerScaleTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_export_of_100_thousand_entries_is_written_and_verified_in_one_streaming_pass()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, time);
        var entries = SyntheticLedger.Entries(100_000);
        var path = Path.Combine(_data.Path, "ledger.jsonl");
        var clock = Stopwatch.StartNew();
        await using (var output = File.Create(path))
            await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(entries), [], new CheckpointSigner(ring, time), TestContext.Current.CancellationToken);
        var written = clock.Elapsed;
        await using var input = File.OpenRead(path);
        var result = LedgerExportVerification.Verify(input, [ring.ActiveKey.PublicKeyBytes()]);
        // Speed is measured in bench/ (LedgerVerifyBenchmark); this test checks the streaming pass is correct at scale.
        TestContext.Current.SendDiagnosticMessage($"write {written.TotalSeconds:F1}s, verify {(clock.Elapsed - written).TotalSeconds:F1}s");
        result.Problem.ShouldBeNull();
        result.Entries.ShouldBe(100_000);
        result.RootHash.ShouldBe(Convert.ToHexStringLower(MerkleTree.FromLedger(entries.Select(e => e.Record)).RootHash()));
    }
}
