using System.Diagnostics;
using System.Globalization;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Evaluation.Input;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Monitoring;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Attest.Engine.Access;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// `monitor-run N…`: a SQLite data directory with one system and N decisions (an attribute, a numeric feature, an
/// outcome each) spread over the last 20 days, and a plan with one signal of every kind over windows covering all of
/// them; times <see cref="RunMonitoring"/> (wall and CPU, median of 3 after a warm-up) against the reference: the
/// evaluation engine's own fairness code (<c>attest evaluate fairness</c>: <see cref="PredictionLogReader"/> streaming
/// an in-memory CSV of the same N rows into <see cref="FairnessEvaluator"/>).
/// </summary>
internal static class MonitorRunBenchmark
{
    public const string Slug = "scoring";
    private const int Batch = DecisionBodyReader.MaxBatch;

    public const string Plan = """
        format: attest.monitoring-plan/v1
        signals:
          - {id: accuracy, kind: performance, metric: accuracy, positive: approve, attribute: sex, window: {last: 30d}, comparator: "<", threshold: 0.5}
          - {id: impact, kind: fairness, metric: impact_ratio, positive: approve, attribute: sex, window: {last: 30d}, comparator: "<", threshold: 0.5}
          - {id: years-drift, kind: drift, feature: years, metric: psi, window: {last: 10d}, comparator: ">=", threshold: 0.5}
          - {id: outputs, kind: prediction_drift, metric: jensenshannon, window: {last: 10d}, comparator: ">", threshold: 0.5}
          - {id: overrides, kind: override_rate, window: {last: 30d}, comparator: ">", threshold: 0.99}
          - {id: sla, kind: review_sla_breaches, window: {last: 30d}, comparator: ">", threshold: 1000000000}
          - {id: ungoverned, kind: ungoverned_decisions, window: {last: 30d}, comparator: ">", threshold: 1000000000}
          - {id: traffic, kind: volume, window: {last: 30d}, comparator: "<", threshold: 1}
        routes:
          - {kind: email, to: "oncall@example.com"}
        """;

    public static async Task RunAsync(IEnumerable<int> sizes)
    {
        Console.WriteLine($"Cores: {Environment.ProcessorCount}. Median of 3 after a warm-up. Load: {Load()}");
        Console.WriteLine();
        Console.WriteLine("| decisions | build s | RunMonitoring wall s | CPU s | reference (evaluate fairness) wall s | CPU s | ratio (wall) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var n in sizes)
        {
            // ATTEST_BENCH_DIR keeps the data directory (and reuses it when it is there), to time again without rebuilding.
            var kept = Environment.GetEnvironmentVariable("ATTEST_BENCH_DIR") is { Length: > 0 } d ? Path.Combine(d, n.ToString(CultureInfo.InvariantCulture)) : null;
            var directory = kept ?? Path.Combine(Path.GetTempPath(), "attest-bench-monitor-" + Guid.NewGuid().ToString("N"));
            try
            {
                var clock = Stopwatch.StartNew();
                await using var services = kept is not null && Directory.Exists(kept) ? await OpenAsync(kept) : await BuildAsync(directory, n);
                var build = clock.Elapsed.TotalSeconds;
                var run = await MedianAsync(async () =>
                {
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<RunMonitoring>().ExecuteAsync(Slug, null, RunMonitoring.OnDemand, CallerIdentity.Attest, CancellationToken.None);
                    if (!result.IsOk) throw new InvalidOperationException(result.Message);
                    if (result.Value!.Signals.Single(s => s.Id == "traffic").Value != n) throw new InvalidOperationException("the volume signal did not see every decision");
                });
                var csv = Csv(n);
                var reference = await MedianAsync(() =>
                {
                    using var stream = new MemoryStream(csv, writable: false);
                    var input = PredictionLogReader.Read(stream, "log.csv", new PredictionLogOptions("label", "prediction", null, ["sex"], "approve"));
                    var report = FairnessEvaluator.Evaluate(input, new FairnessOptions { MinimumGroupSize = 1 });
                    if (report.N != n) throw new InvalidOperationException("the reference did not see every row");
                    return Task.CompletedTask;
                });
                Console.WriteLine($"| {n:N0} | {build:F1} | {run.Wall:F3} | {run.Cpu:F3} | {reference.Wall:F3} | {reference.Cpu:F3} | {run.Wall / reference.Wall:F1}× |");
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                if (kept is null && Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
            }
        }
        Console.WriteLine();
        Console.WriteLine($"Load after: {Load()}");
    }

    public static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    private static async Task<ServiceProvider> OpenAsync(string directory)
    {
        var settings = DatabaseSettings.ForDataDirectory(directory);
        await AttestDatabase.MigrateAsync(settings);
        return new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
    }

    /// <summary>A data directory with the system, its model, N decisions logged through the ingest pipeline, their outcomes and the plan.</summary>
    public static async Task<ServiceProvider> BuildAsync(string directory, int n, string slug = Slug, ServiceProvider? existing = null)
    {
        var services = existing;
        if (services is null)
        {
            var settings = DatabaseSettings.ForDataDirectory(directory);
            await AttestDatabase.MigrateAsync(settings);
            services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
        }
        var ct = CancellationToken.None;
        string systemId;
        await using (var scope = services.CreateAsyncScope())
        {
            var system = await scope.ServiceProvider.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
            {
                Slug = slug,
                Name = "Scoring " + slug,
                Purpose = "Benchmark",
                BusinessOwner = "A",
                TechnicalOwner = "B",
                BusinessUnit = "C",
            }, CallerIdentity.Attest, ct);
            systemId = system.Value!.Id;
            await scope.ServiceProvider.GetRequiredService<RegisterModelVersion>().ExecuteAsync(slug, new ModelVersionInput
            {
                Name = "gbm",
                Version = "1.0.0",
                Kind = ModelKind.Predictive,
                Provider = ModelProvider.InHouse,
            }, CallerIdentity.Attest, ct);
        }
        var service = new CallerIdentity(new Actor("key:bench", "bench service"), [Roles.Service], [], systemId, null);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        // Decisions through the real ingest path (body reader + group-commit pipeline), 10,000 a batch.
        for (var start = 0; start < n; start += Batch)
        {
            var body = DecisionBodyReader.Read(Body(slug, start, Math.Min(Batch, n - start), n, now), DateTimeOffset.UtcNow);
            if (body.Problem != DecisionBodyProblem.None) throw new InvalidOperationException(string.Join("; ", body.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
            await using var scope = services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<DecisionIngestPipeline>().SubmitAsync(service, body, ct);
            if (!result.IsOk) throw new InvalidOperationException(result.Message);
        }
        // Outcomes in one statement (RecordOutcomes resolves 10,000 external ids a request; that path is not what is measured here).
        await using (var scope = services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
            db.Database.SetCommandTimeout(600);
            await db.Decisions.Where(d => d.SystemId == systemId).ExecuteUpdateAsync(u => u
                .SetProperty(d => d.Outcome, d => d.ExternalId.EndsWith('3') ? "decline" : d.ExternalId.EndsWith('7') ? "approve" : d.Output)
                .SetProperty(d => d.OutcomeRecordedAt, d => d.OccurredAt)
                .SetProperty(d => d.OutcomeObservedAt, d => d.OccurredAt), ct);
            var saved = await scope.ServiceProvider.GetRequiredService<SaveMonitoringPlan>().ExecuteAsync(slug, Plan, yaml: true, "plan.yaml", CallerIdentity.Attest, ct);
            if (!saved.IsOk) throw new InvalidOperationException(saved.Message);
        }
        return services;
    }

    // Decision i of n: spread evenly over the 20 days before now; the second half drifts (more experience, more approvals).
    private static byte[] Body(string slug, int start, int count, int n, DateTimeOffset now)
    {
        var sb = new StringBuilder(count * 330).Append("{\"decisions\":[");
        var span = TimeSpan.FromDays(20);
        for (var i = start; i < start + count; i++)
        {
            if (i > start) sb.Append(',');
            var at = now - span + span * ((i + 0.5) / n);
            var (output, sex, years) = Row(i, n);
            sb.Append(CultureInfo.InvariantCulture, $$$"""{"system":"{{{slug}}}","model_version":"gbm@1.0.0","external_id":"d{{{i}}}","occurred_at":"{{{at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)}}}","input":{"application":{{{i}}}},"output":"{{{output}}}","confidence":0.9,"factors":{"fraud_score":{{{(i % 100) / 100.0}}}},"features":{"annual_income":{{{20_000 + i % 1000 * 10}}},"years":{{{years}}}},"attributes":{"sex":"{{{sex}}}","age_band":"{{{(i % 3 == 0 ? "under_40" : "40_plus")}}}"}}""");
        }
        return Encoding.UTF8.GetBytes(sb.Append("]}").ToString());
    }

    private static (string Output, string Sex, double Years) Row(int i, int n)
    {
        var late = i >= n / 2;
        var sex = (i % 7) switch { 0 or 1 or 2 => "female", 3 or 4 or 5 => "male", _ => "non_binary" };
        var output = (i % 10) < (late ? 7 : 6) - (sex == "female" ? 1 : 0) ? "approve" : "decline";
        var years = (i * 7919 % 40) + (late ? 2.5 : 0);
        return (output, sex, years);
    }

    // The same rows as a prediction log: the label is the outcome the data directory holds.
    private static byte[] Csv(int n)
    {
        var sb = new StringBuilder(n * 32).Append("label,prediction,sex,years\n");
        for (var i = 0; i < n; i++)
        {
            var (output, sex, years) = Row(i, n);
            var id = i.ToString(CultureInfo.InvariantCulture);
            var label = id.EndsWith('3') ? "decline" : id.EndsWith('7') ? "approve" : output;
            sb.Append(CultureInfo.InvariantCulture, $"{label},{output},{sex},{years}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static async Task<(double Wall, double Cpu)> MedianAsync(Func<Task> action)
    {
        await action();
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await action();
            walls.Add(clock.Elapsed.TotalSeconds);
            cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }
        walls.Sort();
        cpus.Sort();
        return (walls[1], cpus[1]);
    }
}
