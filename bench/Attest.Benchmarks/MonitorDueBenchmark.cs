using System.Diagnostics;
using System.Globalization;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// `monitor-due SYSTEMS [DECISIONS]`: a SQLite data directory with that many systems, each with DECISIONS decisions
/// (default 1,000) and the eight-signal plan of <see cref="MonitorRunBenchmark"/>, all due at once; runs the scheduler's
/// rounds (<see cref="RunDueMonitoring"/>) until nothing is due while a reader asks for a system (<see cref="GetSystem"/>,
/// a fresh scope each) in a loop, and reports the reads' median, p99 and max.
/// </summary>
internal static class MonitorDueBenchmark
{
    public static async Task RunAsync(int systems, int decisions)
    {
        Console.WriteLine($"Cores: {Environment.ProcessorCount}. Load: {MonitorRunBenchmark.Load()}");
        var directory = Path.Combine(Path.GetTempPath(), "attest-bench-due-" + Guid.NewGuid().ToString("N"));
        try
        {
            ServiceProvider? services = null;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < systems; i++)
                services = await MonitorRunBenchmark.BuildAsync(directory, decisions, $"scoring-{i}", services);
            await using var _ = services!;
            Console.WriteLine($"Built {systems} systems × {decisions:N0} decisions in {clock.Elapsed.TotalSeconds:F0} s.");

            using var stop = new CancellationTokenSource();
            var reads = new List<double>();
            var reader = Task.Run(async () =>
            {
                var i = 0;
                while (!stop.IsCancellationRequested)
                {
                    var watch = Stopwatch.StartNew();
                    await using (var scope = services!.CreateAsyncScope())
                    {
                        var got = await scope.ServiceProvider.GetRequiredService<GetSystem>().ExecuteAsync($"scoring-{i++ % systems}", CancellationToken.None);
                        if (!got.IsOk) throw new InvalidOperationException(got.Message);
                    }
                    reads.Add(watch.Elapsed.TotalMilliseconds);
                }
            });
            clock.Restart();
            var evaluated = 0;
            var rounds = 0;
            while (true)
            {
                await using var scope = services!.CreateAsyncScope();
                var round = await scope.ServiceProvider.GetRequiredService<RunDueMonitoring>().ExecuteAsync("bench", CancellationToken.None);
                if (round.Evaluated == 0) break;
                evaluated += round.Evaluated;
                rounds++;
            }
            var elapsed = clock.Elapsed.TotalSeconds;
            await stop.CancelAsync();
            await reader;
            reads.Sort();
            double At(double q) => reads[Math.Min(reads.Count - 1, (int)Math.Ceiling(q * reads.Count) - 1)];
            Console.WriteLine();
            Console.WriteLine("| systems due | signals evaluated | rounds | scheduler s | reads meanwhile | read median ms | p99 ms | max ms |");
            Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {systems} | {evaluated} | {rounds} | {elapsed:F1} | {reads.Count:N0} | {At(0.5):F1} | {At(0.99):F1} | {reads[^1]:F1} |"));
            Console.WriteLine();
            Console.WriteLine($"Load after: {MonitorRunBenchmark.Load()}");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
