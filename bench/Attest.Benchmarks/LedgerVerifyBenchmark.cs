using System.Diagnostics;
using System.Text.Json.Nodes;
using Attest.Core.Features.Ledger;
using Attest.Engine.Ledger;

namespace Attest.Benchmarks;

/// <summary>
/// `ledger-verify N…`: writes an export of N entries (payloads like the product's: a system's fields, 250–400
/// bytes), then times, in the same run, `sha256sum` over the file (the reference: one hash of every byte) and
/// Attest's verification of it — streamed, entries hashed on every core, each checkpoint signature once —
/// on every core and on one thread. Best of 3 each.
/// </summary>
internal static class LedgerVerifyBenchmark
{
    public static async Task RunAsync(IEnumerable<int> sizes)
    {
        Console.WriteLine($"Cores: {Environment.ProcessorCount}. Best of 3 runs each.");
        Console.WriteLine();
        Console.WriteLine("| entries | export MB | sha256sum s | attest verify s (all cores) | entries/s | ratio to sha256sum | one thread s | ratio |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            var directory = Path.Combine(Path.GetTempPath(), "attest-bench-verify-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            try
            {
                var ring = LedgerKeyRing.OpenOrCreate(directory, TimeProvider.System);
                var path = Path.Combine(directory, "ledger.jsonl");
                await WriteExportAsync(path, n, ring);
                var trusted = new LedgerTrustOptions { TrustedKeys = [ring.ActiveKey.PublicKeyBytes()] };
                var size = new FileInfo(path).Length;

                var sha = Best(() => Run("sha256sum", path));
                var parallel = Best(() => Verify(path, trusted, parallel: true));
                var serial = Best(() => Verify(path, trusted, parallel: false));
                Console.WriteLine($"| {n:N0} | {size / 1e6:F0} | {sha:F2} | {parallel:F2} | {n / parallel:N0} | {parallel / sha:F2}× | {serial:F2} | {serial / sha:F2}× |");
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// `ledger-export N FILE`: writes an export of N entries to FILE (one checkpoint over every entry, signed by a
    /// fresh key) and the key as base64 to FILE.key, for timing `attest ledger verify FILE --trusted-key FILE.key`
    /// as a whole process (bench/compare.sh).
    /// </summary>
    public static async Task ExportAsync(int n, string path)
    {
        var directory = Path.Combine(Path.GetTempPath(), "attest-bench-keys-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var ring = LedgerKeyRing.OpenOrCreate(directory, TimeProvider.System);
            await WriteExportAsync(path, n, ring);
            await File.WriteAllTextAsync(path + ".key", Convert.ToBase64String(ring.ActiveKey.PublicKeyBytes()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static double Verify(string path, LedgerTrustOptions trust, bool parallel)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var result = LedgerExportVerification.Verify(input, trust, parallel);
        if (!result.Verified) throw new InvalidOperationException(result.Problem!.Message);
        return 0;
    }

    private static double Run(string command, string argument)
    {
        using var process = Process.Start(new ProcessStartInfo(command, [argument]) { RedirectStandardOutput = true })!;
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return 0;
    }

    private static double Best(Func<double> action)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static async Task WriteExportAsync(string path, int n, LedgerKeyRing ring)
    {
        await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        await LedgerExportWriter.WriteAsync(output, Entries(n), [], new CheckpointSigner(ring, TimeProvider.System));
    }

    private static async IAsyncEnumerable<LedgerExportEntry> Entries(int n)
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var prev = LedgerHashing.GenesisHash;
        for (var seq = 1; seq <= n; seq++)
        {
            var payload = new JsonObject
            {
                ["slug"] = $"system-{seq % 500}",
                ["name"] = $"Consumer credit scoring {seq % 500}",
                ["purpose"] = "Estimates the probability of default of retail loan applicants.",
                ["stage"] = "in_development",
                ["business_owner"] = "Dana Kim",
                ["jurisdictions"] = new JsonArray("EU", "DE"),
                ["version"] = seq % 17,
                ["score"] = seq / 7.0,
            };
            var json = Attest.Engine.Ledger.CanonicalJson.ToCanonicalString(payload);
            var record = LedgerHashing.Seal(seq, start.AddSeconds(seq), $"user:u{seq % 40}", "system.updated", $"system:sys_{seq % 500}",
                LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(json)), prev);
            prev = record.Hash;
            yield return new LedgerExportEntry(record, json);
        }
        await Task.CompletedTask;
    }
}
