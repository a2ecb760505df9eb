using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Core.Hosting;
using Attest.Engine.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Benchmarks;

/// <summary>
/// <c>mixed [rate=500] [seconds=30] [failoverSeconds=20]</c>: mixed API traffic against two real <c>attest serve --postgres</c>
/// processes on one PostgreSQL 15 database (a throwaway cluster from Debian's package, fsync on), all on loopback.
/// <para>(a) Open loop at a fixed rate: each request has a scheduled send time and its latency counts from then (no
/// coordinated omission); 80 % reads (the systems list, a system, a decision) and 20 % writes (a new system, a single
/// decision), alternating between the instances. Throughput, p50/p90/p99/max, errors, and the CPU time of everything
/// involved per request (this client, both servers, PostgreSQL), since the machine is shared.</para>
/// <para>(b) Failover: the same traffic with a client that spreads over both instances and, when a connection to one fails,
/// marks it down and sends the request to the other (what a load balancer's passive health check does). One instance is
/// killed with SIGKILL halfway; measured: how many requests got no answer at all, how long after the kill the requests that
/// met the dead instance were answered by the survivor, and the latency of everything sent after the kill.</para>
/// </summary>
internal static class MixedTrafficBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rate = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var failoverSeconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        var root = Path.Combine(Path.GetTempPath(), "attest-bench-mixed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var pgDir = Path.Combine(root, "pg");
        var pgPort = OversightNatsBenchmark.FreePort();
        var asRoot = Environment.UserName == "root";
        var servers = new List<Process>();
        Console.WriteLine($"mixed: {Environment.ProcessorCount} cores, load {OversightNatsBenchmark.Load()}, {rate}/s open loop for {seconds} s, 80 % reads / 20 % writes, two `attest serve` processes, PostgreSQL 15 (fsync on)");
        try
        {
            Directory.CreateDirectory(pgDir);
            if (asRoot) await RunAsync("chown", "postgres:postgres", pgDir);
            await OversightNatsBenchmark.RunAsync(asRoot, $"{OversightNatsBenchmark.PgBin}/initdb", "-D", pgDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
            await OversightNatsBenchmark.RunAsync(asRoot, $"{OversightNatsBenchmark.PgBin}/pg_ctl", "-D", pgDir, "-w", "-l", Path.Combine(pgDir, "server.log"),
                "-o", $"-p {pgPort} -c listen_addresses=127.0.0.1 -k {pgDir} -c max_connections=200 -c shared_buffers=256MB", "start");
            var postmaster = int.Parse(File.ReadLines(Path.Combine(pgDir, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var connection = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=postgres;Maximum Pool Size=50";

            var settings = DatabaseSettings.Resolve(Path.Combine(root, "setup"), connection);
            await AttestDatabase.MigrateAsync(settings);
            string adminKey, serviceKey;
            await using (var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider())
            {
                serviceKey = await OversightHttpBenchmark.SetUpAsync(services);
                await using var scope = services.CreateAsyncScope();
                var s = scope.ServiceProvider;
                adminKey = (await s.GetRequiredService<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "bench admin", Roles = [Roles.Admin] }, CallerIdentity.Attest, CancellationToken.None)).Value!.Secret;
                for (var i = 0; i < 100; i++)
                    (await s.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
                    {
                        Slug = $"seed-{i}",
                        Name = $"Seed {i}",
                        Purpose = "Bench",
                        BusinessOwner = "A",
                        TechnicalOwner = "B",
                        BusinessUnit = "C",
                    }, CallerIdentity.Attest, CancellationToken.None)).Value.ShouldExist("seed system");
            }

            var keyFile = Path.Combine(root, "ledger.key");
            await using (var output = new StringWriter())
            {
                if (await Attest.Cli.AttestCli.RunAsync(["ledger", "create-key", "--output", keyFile], Attest.Cli.CliConsole.Plain(output, TextWriter.Null), CancellationToken.None) != 0)
                    throw new InvalidOperationException("attest ledger create-key failed");
            }
            var urls = new List<string>();
            for (var i = 0; i < 2; i++)
            {
                var (process, url) = await StartServerAsync(connection, Path.Combine(root, "data-" + i), keyFile);
                servers.Add(process);
                urls.Add(url);
            }

            var traffic = new Traffic(urls, adminKey, serviceKey);
            await traffic.RunAsync(Math.Min(rate, 100), 3, servers, postmaster, label: null, kill: null); // warm-up: JIT, pools
            await traffic.RunAsync(rate, seconds, servers, postmaster, label: "steady", kill: null);
            if (failoverSeconds > 0)
                await traffic.RunAsync(rate, failoverSeconds, servers, postmaster, label: "failover", kill: servers[0]);
        }
        finally
        {
            foreach (var p in servers)
            {
                try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            }
            try { await OversightNatsBenchmark.RunAsync(asRoot, $"{OversightNatsBenchmark.PgBin}/pg_ctl", "-D", pgDir, "-m", "fast", "-w", "stop"); } catch (InvalidOperationException) { }
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return 0;
    }

    private static T ShouldExist<T>(this T? value, string what) => value ?? throw new InvalidOperationException($"Setting up the bench failed: {what}.");

    private static async Task RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { UseShellExecute = false })!;
        await process.WaitForExitAsync();
    }

    private static async Task<(Process, string)> StartServerAsync(string connection, string data, string keyFile)
    {
        var port = OversightNatsBenchmark.FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--postgres", connection, "--data", data, "--urls", $"http://127.0.0.1:{port}" })
            info.ArgumentList.Add(a);
        info.Environment["ATTEST_LEDGER_KEY_FILE"] = keyFile;
        var process = Process.Start(info)!;
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("Attest is running", StringComparison.Ordinal) == true) running.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await running.Task.WaitAsync(TimeSpan.FromMinutes(5));
        return (process, $"http://127.0.0.1:{port}");
    }

    private sealed class Traffic(IReadOnlyList<string> urls, string adminKey, string serviceKey)
    {
        private readonly HttpClient[] _clients = urls.Select(u => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = new Uri(u),
            Timeout = TimeSpan.FromSeconds(30),
        }).ToArray();
        private readonly ConcurrentQueue<string> _decisionIds = new();
        private readonly bool[] _down = new bool[urls.Count];
        private long _serial;

        private sealed record Outcome(long Scheduled, long Completed, bool Ok, string Kind, bool MetDeadInstance, bool Answered, int Status)
        {
            public double LatencyMs => (Completed - Scheduled) * 1000.0 / Stopwatch.Frequency;
        }

        public async Task RunAsync(int rate, int seconds, List<Process> servers, int postmaster, string? label, Process? kill)
        {
            var count = rate * seconds;
            var outcomes = new Outcome[count];
            var interval = Stopwatch.Frequency / (double)rate;
            var inflight = new List<Task>(count);
            var me = Process.GetCurrentProcess();
            me.Refresh();
            var cpu0 = me.TotalProcessorTime + servers.Where(p => !p.HasExited).Aggregate(TimeSpan.Zero, (sum, p) => sum + OversightNatsBenchmark.ProcessCpu(p.Id));
            var pg0 = OversightNatsBenchmark.PostgresCpu(postmaster);
            var killCpu = TimeSpan.Zero;
            var load0 = OversightNatsBenchmark.Load();
            var start = Stopwatch.GetTimestamp();
            long killedAt = 0;
            for (var i = 0; i < count; i++)
            {
                var scheduled = start + (long)(i * interval);
                while (scheduled - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 500) await Task.Delay(1);
                while (Stopwatch.GetTimestamp() < scheduled) Thread.SpinWait(50);
                if (kill is not null && killedAt == 0 && i == count / 2)
                {
                    killCpu = OversightNatsBenchmark.ProcessCpu(kill.Id);
                    kill.Kill(entireProcessTree: true); // SIGKILL
                    killedAt = Stopwatch.GetTimestamp();
                }
                var n = i;
                inflight.Add(Task.Run(async () => outcomes[n] = await SendAsync(n, scheduled)));
            }
            await Task.WhenAll(inflight);
            var wall = Stopwatch.GetElapsedTime(start);
            me.Refresh();
            var cpu = me.TotalProcessorTime + servers.Where(p => !p.HasExited).Aggregate(TimeSpan.Zero, (sum, p) => sum + OversightNatsBenchmark.ProcessCpu(p.Id)) + killCpu - cpu0;
            var pgCpu = OversightNatsBenchmark.PostgresCpu(postmaster) - pg0;
            if (label is null) return;

            var latencies = outcomes.Select(o => o.LatencyMs).Order().ToArray();
            var errors = outcomes.Count(o => !o.Ok);
            Console.WriteLine($"{label}: {count:N0} requests at {rate}/s over {wall.TotalSeconds:F1} s = {count / wall.TotalSeconds:N0}/s completed, {errors} errors " +
                $"({string.Join(", ", outcomes.Where(o => !o.Ok).GroupBy(o => o.Status).Select(g => $"{(g.Key == 0 ? "no answer" : g.Key)} ×{g.Count()}"))}): " +
                $"p50 {Pct(latencies, 0.5):F1} ms, p90 {Pct(latencies, 0.9):F1} ms, p99 {Pct(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms; load {load0} → {OversightNatsBenchmark.Load()}");
            foreach (var kind in outcomes.GroupBy(o => o.Kind).OrderBy(g => g.Key))
            {
                var l = kind.Select(o => o.LatencyMs).Order().ToArray();
                Console.WriteLine($"  {kind.Key,-16} {l.Length,6:N0} requests: p50 {Pct(l, 0.5):F1} ms, p99 {Pct(l, 0.99):F1} ms, errors {kind.Count(o => !o.Ok)}");
            }
            Console.WriteLine($"  CPU per request: client + Attest servers {cpu.TotalMicroseconds / count:F0} µs, PostgreSQL {pgCpu.TotalMicroseconds / count:F0} µs, " +
                $"total {(cpu + pgCpu).TotalMicroseconds / count:F0} µs → {1e6 / ((cpu + pgCpu).TotalMicroseconds / count) * Environment.ProcessorCount:N0} requests/s if all {Environment.ProcessorCount} cores were ours");
            if (kill is not null)
            {
                double AfterKill(long t) => (t - killedAt) * 1000.0 / Stopwatch.Frequency;
                var met = outcomes.Where(o => o.MetDeadInstance).ToList();
                var after = outcomes.Where(o => o.Scheduled >= killedAt).Select(o => o.LatencyMs).Order().ToArray();
                var lastAnswer = met.Count == 0 ? 0 : met.Max(o => AfterKill(o.Completed));
                var firstFromB = outcomes.Where(o => o.Answered && o.Ok && o.Completed >= killedAt).Select(o => AfterKill(o.Completed)).DefaultIfEmpty(double.NaN).Min();
                Console.WriteLine($"  failover: instance A killed (SIGKILL) at request {count / 2:N0}; {met.Count} requests met the dead instance (connection refused or reset) and were re-sent to B; " +
                    $"{outcomes.Count(o => !o.Answered)} got no answer at all; the first success after the kill came {firstFromB:F0} ms after it, the last re-sent request was answered by B {lastAnswer:F0} ms after it; " +
                    $"requests scheduled after the kill: p50 {Pct(after, 0.5):F1} ms, p99 {Pct(after, 0.99):F1} ms, max {(after.Length > 0 ? after[^1] : 0):F1} ms");
            }
        }

        private async Task<Outcome> SendAsync(int n, long scheduled)
        {
            var roll = n % 10;
            var kind = roll switch { < 4 => "read system list", < 7 => "read system", < 8 => "read decision", < 9 => "write system", _ => "write decision" };
            var target = n % 2;
            var metDead = false;
            for (var attempt = 0; attempt < _clients.Length; attempt++)
            {
                if (Volatile.Read(ref _down[target])) target = (target + 1) % _clients.Length;
                using var request = Build(kind);
                try
                {
                    using var response = await _clients[target].SendAsync(request);
                    var body = await response.Content.ReadAsStringAsync();
                    if (kind == "write decision" && response.StatusCode == HttpStatusCode.Created && JsonNode.Parse(body)?["id"]?.GetValue<string>() is { } id)
                    {
                        _decisionIds.Enqueue(id);
                        while (_decisionIds.Count > 1000) _decisionIds.TryDequeue(out _);
                    }
                    return new Outcome(scheduled, Stopwatch.GetTimestamp(), response.IsSuccessStatusCode, kind, metDead, true, (int)response.StatusCode);
                }
                catch (TaskCanceledException)
                {
                    return new Outcome(scheduled, Stopwatch.GetTimestamp(), false, kind, metDead, false, 0); // no answer within 30 s
                }
                catch (HttpRequestException)
                {
                    // Connection refused or reset: mark the instance down and send the request to the other one.
                    Volatile.Write(ref _down[target], true);
                    metDead = true;
                    target = (target + 1) % _clients.Length;
                }
            }
            return new Outcome(scheduled, Stopwatch.GetTimestamp(), false, kind, metDead, false, 0);
        }

        private HttpRequestMessage Build(string kind)
        {
            var i = Interlocked.Increment(ref _serial);
            var request = kind switch
            {
                "read system list" => new HttpRequestMessage(HttpMethod.Get, "/api/v1/systems?page_size=50"),
                "read system" => new HttpRequestMessage(HttpMethod.Get, $"/api/v1/systems/seed-{i % 100}"),
                "read decision" => new HttpRequestMessage(HttpMethod.Get, _decisionIds.TryPeek(out var id) ? $"/api/v1/decisions/{id}" : "/api/v1/systems/scoring"),
                "write system" => new HttpRequestMessage(HttpMethod.Post, "/api/v1/systems")
                {
                    Content = new StringContent($$"""{"slug":"w-{{i}}-{{Environment.TickCount64}}","name":"W","purpose":"p","business_owner":"a","technical_owner":"b","business_unit":"c"}""", Encoding.UTF8, "application/json"),
                },
                _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/decisions") { Content = new StringContent(Decision(i), Encoding.UTF8, "application/json") },
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", kind == "write decision" ? serviceKey : adminKey);
            return request;
        }

        private static string Decision(long i)
        {
            var sb = new StringBuilder(400);
            OversightHttpBenchmark.AppendDecision(sb, "mixed-" + Environment.TickCount64, i);
            return sb.ToString();
        }

        private static double Pct(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}
