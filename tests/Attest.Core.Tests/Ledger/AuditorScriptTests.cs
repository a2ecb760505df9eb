using System.Diagnostics;
using Attest.Core.Features.Ledger;
using Microsoft.Extensions.Time.Testing;

namespace Attest.Core.Tests.Ledger;

/// <summary>The stand-alone Python + openssl verifier in docs/ledger/ agrees with Attest's verifier.</summary>
public sealed class AuditorScriptTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task An_auditor_can_verify_an_export_with_python_and_openssl_alone()
    {
        if (!File.Exists("/usr/bin/python3") || !File.Exists("/usr/bin/openssl")) Assert.Skip("python3 or openssl is not installed");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var ring = LedgerKeyRing.OpenOrCreate(_data.Path, time);
        var signer = new CheckpointSigner(ring, time);
        var old = ring.ActiveKeyId;
        var export = await SyntheticLedger.ExportAsync(13, signer, 1, 7);
        var lines = SyntheticLedger.Lines(export);
        // Rotate and add a checkpoint by the new key, so the script has to handle two keys.
        ring.Rotate(time);
        var all = SyntheticLedger.Entries(13);
        using var output = new MemoryStream();
        var checkpoints = new[] { 1L, 7 }.Select(n => CheckpointOfSize(lines, n)).ToList();
        await LedgerExportWriter.WriteAsync(output, SyntheticLedger.Async(all), checkpoints, signer, TestContext.Current.CancellationToken);

        var exportPath = Path.Combine(_data.Path, "ledger.jsonl");
        await File.WriteAllBytesAsync(exportPath, output.ToArray(), TestContext.Current.CancellationToken);
        var pems = ring.Keys.Select(k => Path.Combine(_data.Path, "keys", k.KeyId + ".pub.pem")).ToArray();

        var (exit, stdout) = Run(exportPath, pems);
        exit.ShouldBe(0, stdout);
        stdout.ShouldBe($"OK: 13 entries, 3 checkpoints, root {Convert.ToHexStringLower(Attest.Engine.Ledger.MerkleTree.FromLedger(all).RootHash())}\n");

        Run(exportPath, pems[1]).Stdout.ShouldBe($"FAILED: line 14: checkpoint signed by key {old}, which is not a given key\n");

        var tampered = SyntheticLedger.Lines(output.ToArray());
        tampered[5] = tampered[5].Replace("user:u", "user:z", StringComparison.Ordinal);
        await File.WriteAllBytesAsync(exportPath, SyntheticLedger.Join(tampered), TestContext.Current.CancellationToken);
        var failed = Run(exportPath, pems);
        failed.Exit.ShouldBe(1);
        failed.Stdout.ShouldBe("FAILED: line 6: entry seq 6 was changed (hash does not match)\n");
    }

    private static Attest.Engine.Ledger.SignedCheckpoint CheckpointOfSize(List<string> lines, long treeSize)
    {
        var line = lines.Single(l => l.Contains($"\"tree_size\":{treeSize}}}", StringComparison.Ordinal));
        using var document = System.Text.Json.JsonDocument.Parse(line);
        return Attest.Engine.Ledger.LedgerLineParsing.Checkpoint(document.RootElement, out _)!;
    }

    private static (int Exit, string Stdout) Run(string export, params string[] pems)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "auditor-tools", "verify_export.py");
        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, export, .. pems])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout);
    }
}
