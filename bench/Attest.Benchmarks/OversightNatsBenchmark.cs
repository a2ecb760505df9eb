using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Attest.Core.Features.Oversight;
using Attest.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Attest.Benchmarks;

/// <summary>
/// <c>oversight-nats [decisions=200000] [batch=1000] [clients=4] [modes=direct,nats]</c>: decision ingest with two Attest
/// instances (two Kestrel hosts in this process) over one PostgreSQL 15 database (a throwaway cluster from Debian's package,
/// started here with its defaults: fsync on, synchronous_commit on), first on the direct path, then through NATS JetStream
/// (a throwaway nats-server -js, file storage). Clients post batches to both instances in turn; the figure is decisions
/// <b>in the database</b> per second (for NATS: from the first post until the last queued decision is committed), with the
/// CPU time of everything involved — this process (both instances and the clients), nats-server and every PostgreSQL
/// process — per decision, since the machine is shared.
/// </summary>
internal static class OversightNatsBenchmark
{
    internal const string PgBin = "/usr/lib/postgresql/15/bin";

    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var size = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var clients = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 4;
        var modes = (args.Length > 3 ? args[3] : "direct,nats").Split(',');
        var root = Path.Combine(Path.GetTempPath(), "attest-bench-nats-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var pgDir = Path.Combine(root, "pg");
        var pgPort = FreePort();
        var asRoot = Environment.UserName == "root";
        Process? nats = null;
        Console.WriteLine($"oversight-nats: {Environment.ProcessorCount} cores, load {Load()}, {total:N0} decisions in batches of {size:N0}, {clients} clients, two instances, PostgreSQL 15 (fsync on)");
        try
        {
            Directory.CreateDirectory(pgDir);
            if (asRoot) await RunAsync("chown", "postgres:postgres", pgDir);
            await RunAsync(asRoot, $"{PgBin}/initdb", "-D", pgDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8");
            await RunAsync(asRoot, $"{PgBin}/pg_ctl", "-D", pgDir, "-w", "-l", Path.Combine(pgDir, "server.log"),
                "-o", $"-p {pgPort} -c listen_addresses=127.0.0.1 -k {pgDir} -c max_connections=200 -c shared_buffers=256MB", "start");
            var postmaster = int.Parse(File.ReadLines(Path.Combine(pgDir, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

            var natsPort = FreePort();
            var natsDir = Path.Combine(root, "nats");
            Directory.CreateDirectory(natsDir);
            var info = new ProcessStartInfo(new[] { "/usr/sbin/nats-server", "/usr/bin/nats-server" }.First(File.Exists)) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in (string[])["-js", "-a", "127.0.0.1", "-p", natsPort.ToString(CultureInfo.InvariantCulture), "-sd", natsDir, "-l", Path.Combine(natsDir, "server.log")]) info.ArgumentList.Add(a);
            nats = Process.Start(info)!;
            await WaitForPortAsync(natsPort);

            foreach (var mode in modes)
            {
                var database = $"attest_{mode}";
                await using (var c = new NpgsqlConnection($"Host=127.0.0.1;Port={pgPort};Username=postgres;Database=postgres"))
                {
                    await c.OpenAsync();
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", c);
                    await create.ExecuteNonQueryAsync();
                }
                var connection = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Database={database};Maximum Pool Size=50";
                await RunModeAsync(mode, connection, $"nats://127.0.0.1:{natsPort}", Path.Combine(root, "data-" + mode), total, size, clients, postmaster, nats.Id);
            }
        }
        finally
        {
            if (nats is not null)
            {
                nats.Kill();
                await nats.WaitForExitAsync();
            }
            try { await RunAsync(asRoot, $"{PgBin}/pg_ctl", "-D", pgDir, "-m", "fast", "-w", "stop"); } catch (InvalidOperationException) { }
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return 0;
    }

    private static async Task RunModeAsync(string mode, string postgres, string natsUrl, string data, int total, int size, int clients, int postmaster, int natsPid)
    {
        WebApplication Create() => AttestWebApp.Create(["--urls=http://127.0.0.1:0", $"--Attest:Data={data}", "--Attest:Demo=false", $"--Attest:Postgres={postgres}",
            .. mode == "nats" ? new[] { $"--Attest:Nats:Url={natsUrl}", "--Attest:Nats:Stream=BENCH" } : [], "--environment=Production"],
            b => b.Logging.SetMinimumLevel(LogLevel.Warning));
        var a = Create();
        await a.StartAsync();
        var b = Create();
        await b.StartAsync();
        try
        {
            var key = await OversightHttpBenchmark.SetUpAsync(a.Services);
            var clientsByInstance = new[] { a, b }.Select(app => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
            {
                BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
                Timeout = TimeSpan.FromMinutes(5),
                DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
            }).ToArray();
            await using var count = new NpgsqlDataSourceBuilder(postgres).Build();

            // Warm-up: JIT, pools, the stream's first file.
            await PostAllAsync(clientsByInstance, "warm", 20_000, size, clients);
            await WaitForCountAsync(count, 20_000);

            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var nats0 = ProcessCpu(natsPid);
            var pg0 = PostgresCpu(postmaster);
            var load0 = Load();
            var clock = Stopwatch.StartNew();
            var rejected = await PostAllAsync(clientsByInstance, "run", total, size, clients);
            var acknowledged = clock.Elapsed;
            await WaitForCountAsync(count, 20_000 + total);
            var landed = clock.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            var natsCpu = ProcessCpu(natsPid) - nats0;
            var pgCpu = PostgresCpu(postmaster) - pg0;
            var all = cpu + natsCpu + pgCpu;
            Console.WriteLine($"{mode}: {total:N0} decisions in batches of {size:N0}, {clients} clients over 2 instances: acknowledged in {acknowledged.TotalSeconds:F1} s ({total / acknowledged.TotalSeconds:N0}/s, {rejected} batches answered 503 and retried), " +
                $"all in PostgreSQL after {landed.TotalSeconds:F1} s = {total / landed.TotalSeconds:N0} decisions/s; load {load0} → {Load()}");
            Console.WriteLine($"  CPU per decision: Attest (2 instances + clients) {cpu.TotalMicroseconds / total:F1} µs, nats-server {natsCpu.TotalMicroseconds / total:F1} µs, PostgreSQL {pgCpu.TotalMicroseconds / total:F1} µs, " +
                $"total {all.TotalMicroseconds / total:F1} µs → {1e6 / (all.TotalMicroseconds / total) * Environment.ProcessorCount:N0} decisions/s if all {Environment.ProcessorCount} cores were ours");
            if (mode == "nats")
                Console.WriteLine($"  recorded by the ingest worker of instance A: {a.Services.GetRequiredService<DecisionStreamIngest>().Recorded:N0}, of B: {b.Services.GetRequiredService<DecisionStreamIngest>().Recorded:N0}");
            foreach (var c in clientsByInstance) c.Dispose();
        }
        finally
        {
            await a.StopAsync();
            await b.StopAsync();
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    // Posts `total` decisions in batches of `size` from `clients` tasks, alternating the instances; a 503 is retried
    // after its Retry-After (the stream full). Returns how many batches were answered 503.
    private static async Task<int> PostAllAsync(HttpClient[] instances, string run, int total, int size, int clients)
    {
        var batches = total / size;
        var next = -1;
        var rejected = 0;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            var sb = new StringBuilder(size * 330);
            int batch;
            while ((batch = Interlocked.Increment(ref next)) < batches)
            {
                sb.Clear().Append("{\"decisions\":[");
                for (var i = 0; i < size; i++)
                {
                    if (i > 0) sb.Append(',');
                    OversightHttpBenchmark.AppendDecision(sb, run, (long)batch * size + i);
                }
                sb.Append("]}");
                var body = sb.ToString();
                while (true)
                {
                    using var content = new StringContent(body, Encoding.UTF8, "application/json");
                    using var response = await instances[batch % instances.Length].PostAsync("/api/v1/decisions", content);
                    if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                    {
                        Interlocked.Increment(ref rejected);
                        await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                        continue;
                    }
                    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                    break;
                }
            }
        })));
        return rejected;
    }

    private static async Task WaitForCountAsync(NpgsqlDataSource db, long expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await using var command = db.CreateCommand("SELECT count(*) FROM decisions");
            var n = (long)(await command.ExecuteScalarAsync())!;
            if (n >= expected) return;
            if (clock.Elapsed > TimeSpan.FromMinutes(30)) throw new TimeoutException($"{n:N0} of {expected:N0} decisions after 30 minutes.");
            await Task.Delay(50);
        }
    }

    // utime + stime of a process from /proc (clock ticks of 1/100 s).
    internal static TimeSpan ProcessCpu(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromMilliseconds((long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    // The postmaster and its children (backends, writer, WAL writer, checkpointer), alive now.
    internal static TimeSpan PostgresCpu(int postmaster)
    {
        var sum = ProcessCpu(postmaster);
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], CultureInfo.InvariantCulture) == postmaster) sum += ProcessCpu(pid);
            }
            catch (IOException) { }
        }
        return sum;
    }

    private static async Task WaitForPortAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static Task RunAsync(bool asPostgres, string file, params string[] args) =>
        asPostgres ? RunAsync("runuser", ["-u", "postgres", "--", file, .. args]) : RunAsync(file, args);

    private static async Task RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
    }

    internal static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
