using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Attest.Core.Common;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Governance;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Attest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Attest.Benchmarks;

/// <summary>
/// Runtime oversight over HTTP: Attest.Web in this process on Kestrel loopback with a fresh SQLite data directory, a
/// system, an approved oversight policy and a service key. (a) Batch ingest: batches of 1,000 and 10,000 decisions from a
/// few concurrent clients, decisions/s acknowledged (= committed, synchronous=FULL unless told otherwise) and the peak
/// working set as the count grows. (b) Single-decision asks at a fixed rate, open loop: each request has a scheduled send
/// time and its latency counts from then, so a stall delays every request behind it in the figures too (no coordinated
/// omission). (c) The trace of random decisions among N, the decisions table filled by a bulk copy of a recorded row.
/// </summary>
public static class OversightHttpBenchmark
{
    // The template's rules without "ungoverned": the bench's model version has no release approval, and with that rule
    // every decision would go to review, which is not the production mix the target is about.
    private const string Policy = """
        format: attest.oversight-policy/v1
        controls: [ATT-OVS-01]
        store_inputs: false
        rules:
          - id: declines
            when: { output_in: [decline, refer] }
            route: human_review
            sla: 1d
            priority: high
          - id: low-confidence
            when: { confidence_below: { approve: 0.85, decline: 0.9 } }
            route: human_review
            sla: 1d
          - id: out-of-range-income
            when: { feature_outside: { annual_income: [0, 1000000], age: [18, 100] } }
            route: human_review
            sla: 2d
          - id: fraud-signal
            when: { factor_above: { fraud_score: 0.95 } }
            route: human_review
            sla: 4h
            priority: high
          - id: audit-sample
            when: { sample_rate: 0.02 }
            route: human_review
            sla: 2d
            priority: low
        """;

    /// <summary>
    /// <c>oversight-http [decisions=500000] [askSeconds=20] [traceAmong=10000000] [clients=4] [synchronous=full]</c>;
    /// a step with 0 is skipped.
    /// </summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500_000;
        var askSeconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var traceAmong = args.Length > 2 ? long.Parse(args[2], CultureInfo.InvariantCulture) : 10_000_000;
        var clients = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 4;
        var synchronous = args.Length > 4 ? args[4] : "full";
        var directory = Path.Combine(Path.GetTempPath(), "attest-bench-ohttp-" + Guid.NewGuid().ToString("N"));
        Console.WriteLine($"oversight-http: {Environment.ProcessorCount} cores, load {Load()}, data {directory}, SQLite synchronous={synchronous.ToUpperInvariant()} (WAL)");
        var app = AttestWebApp.Create(["--urls=http://127.0.0.1:0", $"--Attest:Data={directory}", "--Attest:Demo=false",
            $"--Attest:Oversight:SqliteSynchronous={synchronous}", "--environment=Production"], b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        try
        {
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var key = await SetUpAsync(app.Services);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(address),
                Timeout = TimeSpan.FromMinutes(5),
            };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            if (total > 0)
            {
                await IngestAsync(http, "warm-up", 1000, 20_000, clients);
                foreach (var size in new[] { 1000, 10_000 })
                    await IngestAsync(http, $"b{size}", size, total, clients);
            }
            if (askSeconds > 0) await AskAsync(http, 1000, askSeconds);
            if (traceAmong > 0) await TraceAsync(app.Services, directory, traceAmong, 100);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
        }
        return 0;
    }

    internal static async Task<string> SetUpAsync(IServiceProvider services)
    {
        var ct = CancellationToken.None;
        await using var scope = services.CreateAsyncScope();
        var s = scope.ServiceProvider;
        (await s.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
        {
            Slug = "scoring",
            Name = "Scoring",
            Purpose = "Benchmark",
            BusinessOwner = "A",
            TechnicalOwner = "B",
            BusinessUnit = "C",
        }, CallerIdentity.Attest, ct)).Value.ShouldExist("system");
        (await s.GetRequiredService<RegisterModelVersion>().ExecuteAsync("scoring", new ModelVersionInput
        {
            Name = "gbm",
            Version = "1.0.0",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
        }, CallerIdentity.Attest, ct)).Value.ShouldExist("model version");
        var owner = new CallerIdentity(new Actor("user:owner", "Owner"), [Roles.Admin], [], null, "owner");
        var lead = new CallerIdentity(new Actor("user:lead", "Lead"), [Roles.GovernanceLead], [], null, "lead");
        var proposed = await s.GetRequiredService<ProposeOversightPolicy>().ExecuteAsync("scoring", Policy, yaml: true, "bench", owner, ct);
        var approved = await s.GetRequiredService<ApproveOversightPolicy>().ExecuteAsync("scoring", proposed.Value.ShouldExist("policy").Version, lead, ct);
        approved.Value.ShouldExist("approval: " + approved.Message);
        var created = await s.GetRequiredService<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "bench service", Roles = [Roles.Service], System = "scoring" }, CallerIdentity.Attest, ct);
        return created.Value.ShouldExist("service key").Secret;
    }

    private static T ShouldExist<T>(this T? value, string what) => value ?? throw new InvalidOperationException($"Setting up the bench failed: {what}.");

    internal static void AppendDecision(StringBuilder sb, string run, long i)
    {
        sb.Append(CultureInfo.InvariantCulture, $$$"""{"system":"scoring","model_version":"gbm@1.0.0","external_id":"{{{run}}}-{{{i}}}","occurred_at":"2026-03-01T11:59:00Z","input":{"application":{{{i}}}},"output":"{{{(i % 10 == 0 ? "decline" : "approve")}}}","confidence":{{{0.5 + (i % 50) / 100.0}}},"factors":{"fraud_score":{{{(i % 100) / 100.0}}}},"features":{"annual_income":{{{20_000 + i % 1000 * 10}}},"age":{{{18 + i % 60}}}}}""");
    }

    private static async Task IngestAsync(HttpClient http, string run, int size, int total, int clients)
    {
        var batches = total / size;
        var next = -1;
        var done = 0L;
        var process = Process.GetCurrentProcess();
        var peakAt = new SortedDictionary<long, long>();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var gen = TimeSpan.Zero;
        var genLock = new Lock();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var sb = new StringBuilder(size * 330);
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches)
            {
                var g = Stopwatch.GetTimestamp();
                sb.Clear().Append("{\"decisions\":[");
                for (var i = 0; i < size; i++)
                {
                    if (i > 0) sb.Append(',');
                    AppendDecision(sb, run, (long)b * size + i);
                }
                sb.Append("]}");
                using var content = new StringContent(sb.ToString(), Encoding.UTF8, "application/json");
                lock (genLock) gen += Stopwatch.GetElapsedTime(g);
                using var response = await http.PostAsync("/api/v1/decisions", content);
                var text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {text[..Math.Min(400, text.Length)]}");
                var now = Interlocked.Add(ref done, size);
                if (now % 100_000 < size)
                {
                    process.Refresh();
                    lock (peakAt) peakAt[now / 100_000 * 100_000] = process.PeakWorkingSet64;
                }
            }
        })));
        var wall = clock.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpu0;
        Console.WriteLine($"ingest {run}: {done:N0} decisions in batches of {size:N0} from {clients} clients in {wall.TotalSeconds:F1} s = {done / wall.TotalSeconds:N0} decisions/s acknowledged; " +
            $"process CPU {cpu.TotalSeconds:F1} s = {cpu.TotalMicroseconds / done:F1} µs CPU per decision (of which client body building {gen.TotalMicroseconds / done:F1} µs); load {Load()}");
        Console.WriteLine("  peak working set: " + string.Join(", ", peakAt.Select(p => $"{p.Key / 1000:N0}k → {p.Value / 1048576.0:N0} MiB")) +
            $"; now {process.WorkingSet64 / 1048576.0:N0} MiB, managed heap {GC.GetTotalMemory(false) / 1048576.0:N0} MiB");
    }

    private static async Task AskAsync(HttpClient http, int rate, int seconds)
    {
        var count = rate * seconds;
        var latencies = new double[count];
        var failures = 0;
        var interval = Stopwatch.Frequency / (double)rate;
        var inflight = new List<Task>(count);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            var scheduled = start + (long)(i * interval);
            // Sleep until the request is due, then send every request that is due. No spinning: a spin-wait here burned a
            // core of the shared process (≈ 1 ms of CPU per ask counted against the server). A late wake-up costs nothing in
            // honesty: latency counts from the scheduled time, so a request sent late counts its wait (open loop).
            while (Stopwatch.GetTimestamp() < scheduled) await Task.Delay(1);
            var n = i;
            inflight.Add(Task.Run(async () =>
            {
                var sb = new StringBuilder(400);
                AppendDecision(sb, "ask", n);
                using var content = new StringContent(sb.ToString(), Encoding.UTF8, "application/json");
                using var response = await http.PostAsync("/api/v1/decisions", content);
                await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failures);
                latencies[n] = Stopwatch.GetElapsedTime(scheduled).TotalMilliseconds;
            }));
        }
        await Task.WhenAll(inflight);
        var wall = Stopwatch.GetElapsedTime(start);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        Array.Sort(latencies);
        Console.WriteLine($"ask: {count:N0} single decisions at {rate:N0}/s open loop over {wall.TotalSeconds:F1} s, {failures} failed: " +
            $"p50 {Pct(latencies, 0.50):F2} ms, p90 {Pct(latencies, 0.90):F2} ms, p99 {Pct(latencies, 0.99):F2} ms, p99.9 {Pct(latencies, 0.999):F2} ms, max {latencies[^1]:F2} ms; " +
            $"process CPU {cpu.TotalMicroseconds / count:F0} µs per ask; load {Load()}");
    }

    private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task TraceAsync(IServiceProvider services, string directory, long among, int samples)
    {
        var file = Directory.EnumerateFiles(directory, "*.db", SearchOption.AllDirectories).First();
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            var existing = Scalar(connection, "SELECT count(*) FROM decisions");
            var fill = Stopwatch.StartNew();
            if (existing < among)
            {
                Exec(connection, "PRAGMA synchronous=OFF;");
                var columns = Columns(connection, "decisions");
                var batchColumns = Columns(connection, "decision_batches");
                var template = (string)new SqliteCommand("SELECT Id FROM decisions ORDER BY rowid LIMIT 1", connection).ExecuteScalar()!;
                var templateBatch = (string)new SqliteCommand($"SELECT BatchId FROM decisions WHERE Id = '{template}'", connection).ExecuteScalar()!;
                // Copies of one recorded decision with their own id, external id and batch (1,000 a batch, copies of its
                // batch row): the same row shape and indexes as ingest writes, written at the speed of SQLite itself.
                string Pick(string c) => c switch
                {
                    "Id" => "printf('dec_bulk%028x', n)",
                    "ExternalId" => "'bulk-' || n",
                    "BatchId" => "printf('bat_bulk%028x', n / 1000)",
                    "BatchIndex" => "n % 1000",
                    "QueueItemId" => "NULL",
                    _ => c,
                };
                string PickBatch(string c) => c switch
                {
                    "Id" => "printf('bat_bulk%028x', n)",
                    "Count" => "1000",
                    "FirstDecisionId" => "printf('dec_bulk%028x', n * 1000)",
                    "LastDecisionId" => "printf('dec_bulk%028x', n * 1000 + 999)",
                    _ => c,
                };
                var toAdd = among - existing;
                const long chunk = 1_000_000;
                for (var from = 0L; from < toAdd; from += chunk)
                {
                    var to = Math.Min(toAdd, from + chunk);
                    using var tx = connection.BeginTransaction();
                    Exec(connection, $"""
                        WITH RECURSIVE g(n) AS (SELECT {from} UNION ALL SELECT n + 1 FROM g WHERE n + 1 < {to})
                        INSERT INTO decisions ({string.Join(", ", columns)}) SELECT {string.Join(", ", columns.Select(Pick))} FROM g, (SELECT * FROM decisions WHERE Id = '{template}')
                        """, tx);
                    Exec(connection, $"""
                        WITH RECURSIVE g(n) AS (SELECT {from / 1000} UNION ALL SELECT n + 1 FROM g WHERE n + 1 < {(to + 999) / 1000})
                        INSERT INTO decision_batches ({string.Join(", ", batchColumns)}) SELECT {string.Join(", ", batchColumns.Select(PickBatch))} FROM g, (SELECT * FROM decision_batches WHERE Id = '{templateBatch}')
                        """, tx);
                    tx.Commit();
                    Console.WriteLine($"  filled {existing + to:N0} decisions ({fill.Elapsed.TotalSeconds:F0} s)");
                }
                Exec(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
            }
            Console.WriteLine($"trace: {Scalar(connection, "SELECT count(*) FROM decisions"):N0} decisions in the table (bulk copy took {fill.Elapsed.TotalSeconds:F0} s), database {new FileInfo(file).Length / 1048576.0:N0} MiB");
        }
        // Random ids among all rows: the bulk copies and the decisions ingested over HTTP.
        var ids = new List<string>();
        var random = new Random(13);
        await using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await connection.OpenAsync();
            var max = Scalar(connection, "SELECT max(rowid) FROM decisions");
            while (ids.Count < samples)
                if (new SqliteCommand($"SELECT Id FROM decisions WHERE rowid = {random.NextInt64(1, max + 1)}", connection).ExecuteScalar() is string id) ids.Add(id);
        }
        var times = new List<double>();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = -3; i < ids.Count; i++)
        {
            var id = ids[Math.Max(0, i)];
            var started = Stopwatch.GetTimestamp();
            await using var scope = services.CreateAsyncScope();
            var trace = await scope.ServiceProvider.GetRequiredService<GetDecisionTrace>().ExecuteAsync(id, CancellationToken.None);
            if (!trace.IsOk) throw new InvalidOperationException($"trace {id}: {trace.Message}");
            if (i >= 0) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu0;
        var sorted = times.Order().ToArray();
        Console.WriteLine($"trace: {samples} random decisions (after 3 warm-up traces): p50 {Pct(sorted, 0.5):F1} ms, p99 {Pct(sorted, 0.99):F1} ms, max {sorted[^1]:F1} ms; " +
            $"process CPU {cpu.TotalMilliseconds / (samples + 3):F1} ms per trace; load {Load()}");
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        var columns = new List<string>();
        using var reader = new SqliteCommand($"SELECT name FROM pragma_table_info('{table}')", connection).ExecuteReader();
        while (reader.Read()) columns.Add(reader.GetString(0));
        return columns;
    }

    private static long Scalar(SqliteConnection connection, string sql) => Convert.ToInt64(new SqliteCommand(sql, connection).ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);

    private static void Exec(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = new SqliteCommand(sql, connection, tx) { CommandTimeout = 0 };
        command.ExecuteNonQuery();
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
