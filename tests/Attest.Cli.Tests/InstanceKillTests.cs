using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Identity;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Oversight;
using Attest.Core.Hosting;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Cli.Tests;

/// <summary>
/// Issue 18: two real <c>attest serve --postgres</c> processes on one PostgreSQL 15 database (a throwaway server) and one
/// shared ledger key; clients write systems, evidence and decision batches to both; one process is killed with SIGKILL
/// mid-burst. Every write either instance acknowledged (2xx) is in the database, the survivor keeps answering (2xx or a
/// 503 problem, never a 500), and an export of the ledger verifies against the shared key: one chain, no gap, no fork.
/// </summary>
public sealed class InstanceKillTests(PostgresServer postgres) : IClassFixture<PostgresServer>, IDisposable
{
    private const string Policy = """
        format: attest.oversight-policy/v1
        controls: [ATT-OVS-01]
        store_inputs: false
        rules:
          - id: declines
            when: { output_in: [decline] }
            route: human_review
            sla: 1d
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("attest-kill-").FullName;
    private readonly List<Process> _servers = [];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var p in _servers)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    private sealed record Ack(string Kind, string Key);

    [Fact]
    public async Task Killing_one_of_two_instances_mid_burst_loses_no_acknowledged_write_and_the_other_keeps_serving()
    {
        var connection = (await postgres.CreateDatabaseAsync()).Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal);
        var keyFile = Path.Combine(_root, "ledger.key");
        var created = await CliRun.RunAsync("ledger", "create-key", "--output", keyFile);
        created.ExitCode.ShouldBe(0, created.Error);
        var publicKey = Path.Combine(_root, "ledger.pub");
        await File.WriteAllTextAsync(publicKey, created.Out, Ct);
        var (adminKey, serviceKey) = await SetUpAsync(DatabaseSettings.Resolve(Path.Combine(_root, "setup"), connection));

        var a = await StartServerAsync(connection, Path.Combine(_root, "a"), keyFile);
        var b = await StartServerAsync(connection, Path.Combine(_root, "b"), keyFile);
        using var onA = Client(a.Url, adminKey);
        using var onB = Client(b.Url, adminKey);
        var instances = new[] { onA, onB };

        var acks = new ConcurrentBag<Ack>();
        var fromB = new ConcurrentQueue<(int? Status, string? MediaType, string? Failure)>();
        var afterKill = 0;
        var killed = 0;
        using var writing = new CancellationTokenSource();
        var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            for (var i = 0; !writing.IsCancellationRequested; i++)
            {
                var onInstanceB = (w + i) % 2 == 1;
                var client = instances[onInstanceB ? 1 : 0];
                var (request, ack) = (w % 3) switch
                {
                    0 => SystemWrite($"s-{w}-{i}"),
                    1 => EvidenceWrite($"e-{w}-{i}"),
                    _ => DecisionWrite($"d-{w}-{i}", serviceKey),
                };
                using (request)
                {
                    try
                    {
                        using var response = await client.SendAsync(request, CancellationToken.None);
                        var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                        if (response.IsSuccessStatusCode)
                        {
                            foreach (var k in ack(body)) acks.Add(k);
                            if (Volatile.Read(ref killed) == 1 && onInstanceB) Interlocked.Increment(ref afterKill);
                        }
                        if (onInstanceB) fromB.Enqueue(((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, null));
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // The killed instance refuses connections: a client would send the request to the other one.
                        if (onInstanceB) fromB.Enqueue((null, null, e.Message));
                    }
                }
            }
        }, CancellationToken.None)).ToList();

        try
        {
            await WaitUntilAsync(() => acks.Count >= 40, "forty writes acknowledged before the kill");
            a.Process.Kill(entireProcessTree: true); // SIGKILL: mid-transaction, no shutdown
            Volatile.Write(ref killed, 1);
            await a.Process.WaitForExitAsync(Ct);
            await WaitUntilAsync(() => Volatile.Read(ref afterKill) >= 20, "twenty writes acknowledged by the survivor after the kill");
        }
        finally
        {
            await writing.CancelAsync();
            await Task.WhenAll(writers);
        }

        // The survivor kept serving: every answer a success or a clean 503 problem, none lost.
        var answers = fromB.ToList();
        answers.ShouldAllBe(x => x.Failure == null, "the surviving instance answered every request");
        answers.ShouldAllBe(x => (x.Status >= 200 && x.Status < 300) || (x.Status == 503 && x.MediaType == "application/problem+json"),
            string.Join(", ", answers.GroupBy(x => x.Status).Select(g => $"{g.Key} ×{g.Count()}")));
        (await onB.GetAsync("/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var checkpoint = await onB.PostAsync("/api/v1/ledger/checkpoints", null, Ct))
            checkpoint.IsSuccessStatusCode.ShouldBeTrue(await checkpoint.Content.ReadAsStringAsync(Ct));

        // Every acknowledged write is in the database.
        await using (var db = AttestDatabase.CreateContext(DatabaseSettings.Resolve(Path.Combine(_root, "setup"), connection)))
        {
            var systems = (await db.Systems.Select(s => s.Slug).ToListAsync(Ct)).ToHashSet();
            var evidence = (await db.Evidence.Select(e => e.Id).ToListAsync(Ct)).ToHashSet();
            var decisions = (await db.Decisions.Select(d => d.ExternalId).ToListAsync(Ct)).ToHashSet();
            var all = acks.ToList();
            all.Count(k => k.Kind == "decision").ShouldBeGreaterThan(0);
            all.Where(k => k.Kind == "system").Select(k => k.Key).Except(systems).ShouldBeEmpty("acknowledged systems missing");
            all.Where(k => k.Kind == "evidence").Select(k => k.Key).Except(evidence).ShouldBeEmpty("acknowledged evidence missing");
            all.Where(k => k.Kind == "decision").Select(k => k.Key).Except(decisions).ShouldBeEmpty("acknowledged decisions missing");
        }

        // One chain: the survivor's export verifies against the shared key.
        var export = Path.Combine(_root, "ledger.jsonl");
        // Without the shared key the export cannot sign its closing checkpoint, and says so in one line (exit 2)...
        var keyless = await CliRun.RunAsync("ledger", "export", "--postgres", connection, "--data", Path.Combine(_root, "b"), "--output", export);
        keyless.ExitCode.ShouldBe(2, keyless.Out + keyless.Error);
        keyless.Error.ShouldContain("ATTEST_LEDGER_KEY_FILE");
        // ...and with it, as every instance is given it, the export is made in its own process.
        var exported = await RunCliProcessAsync(keyFile, "ledger", "export", "--postgres", connection, "--data", Path.Combine(_root, "b"), "--output", export);
        exported.ExitCode.ShouldBe(0, exported.Error);
        var verified = await CliRun.RunAsync("ledger", "verify", export, "--trusted-key", publicKey);
        verified.ExitCode.ShouldBe(0, verified.Out + verified.Error);
    }

    private static (HttpRequestMessage, Func<string, IEnumerable<Ack>>) SystemWrite(string slug) =>
        (new HttpRequestMessage(HttpMethod.Post, "/api/v1/systems")
        {
            Content = new StringContent($$"""{"slug":"{{slug}}","name":"S","purpose":"p","business_owner":"a","technical_owner":"b","business_unit":"c"}""", Encoding.UTF8, "application/json"),
        }, _ => [new Ack("system", slug)]);

    private static (HttpRequestMessage, Func<string, IEnumerable<Ack>>) EvidenceWrite(string name)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"{{\"report\":\"{name}\"}}"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", name + ".json");
        form.Add(new StringContent("fairness_report"), "type");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/systems/scoring/evidence") { Content = form };
        return (request, body => [new Ack("evidence", JsonNode.Parse(body)!["id"]!.GetValue<string>())]);
    }

    private static (HttpRequestMessage, Func<string, IEnumerable<Ack>>) DecisionWrite(string run, string serviceKey)
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"{run}-{i}").ToList();
        var decisions = string.Join(',', ids.Select((id, i) =>
            $$"""{"system":"scoring","model_version":"gbm@1.0.0","external_id":"{{id}}","occurred_at":"2026-03-01T11:59:00Z","input":{"n":{{i}}},"output":"{{(i % 5 == 0 ? "decline" : "approve")}}","confidence":0.9}"""));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/decisions") { Content = new StringContent($$"""{"decisions":[{{decisions}}]}""", Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        return (request, _ => ids.Select(id => new Ack("decision", id)));
    }

    private static HttpClient Client(string url, string adminKey)
    {
        var client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        return client;
    }

    // The database migrated, a system with a model version and an approved oversight policy, an administrator key and a
    // service key for the system — through the use cases, as an operator's console would.
    private static async Task<(string Admin, string Service)> SetUpAsync(DatabaseSettings settings)
    {
        var ct = TestContext.Current.CancellationToken;
        await AttestDatabase.MigrateAsync(settings, ct);
        await using var services = new ServiceCollection().AddAttestCore(settings).BuildServiceProvider();
        await using var scope = services.CreateAsyncScope();
        var s = scope.ServiceProvider;
        (await s.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
        {
            Slug = "scoring",
            Name = "Scoring",
            Purpose = "Fault test",
            BusinessOwner = "A",
            TechnicalOwner = "B",
            BusinessUnit = "C",
        }, CallerIdentity.Attest, ct)).IsOk.ShouldBeTrue();
        (await s.GetRequiredService<RegisterModelVersion>().ExecuteAsync("scoring", new ModelVersionInput
        {
            Name = "gbm",
            Version = "1.0.0",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
        }, CallerIdentity.Attest, ct)).IsOk.ShouldBeTrue();
        var owner = new CallerIdentity(new Actor("user:owner", "Owner"), [Roles.Admin], [], null, "owner");
        var lead = new CallerIdentity(new Actor("user:lead", "Lead"), [Roles.GovernanceLead], [], null, "lead");
        var proposed = await s.GetRequiredService<ProposeOversightPolicy>().ExecuteAsync("scoring", Policy, yaml: true, "test", owner, ct);
        proposed.IsOk.ShouldBeTrue(proposed.Message);
        var approved = await s.GetRequiredService<ApproveOversightPolicy>().ExecuteAsync("scoring", proposed.Value!.Version, lead, ct);
        approved.IsOk.ShouldBeTrue(approved.Message);
        var keys = s.GetRequiredService<CreateApiKey>();
        var admin = (await keys.ExecuteAsync(new ApiKeyInput { Name = "writer", Roles = [Roles.Admin] }, CallerIdentity.Attest, ct)).Value!.Secret;
        var service = (await keys.ExecuteAsync(new ApiKeyInput { Name = "service", Roles = [Roles.Service], System = "scoring" }, CallerIdentity.Attest, ct)).Value!.Secret;
        return (admin, service);
    }

    private sealed record Server(Process Process, string Url);

    private async Task<(int ExitCode, string Error)> RunCliProcessAsync(string keyFile, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "attest.dll"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["ATTEST_LEDGER_KEY_FILE"] = keyFile;
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct).WaitAsync(TimeSpan.FromMinutes(5), Ct);
        await output;
        return (process.ExitCode, await error);
    }

    private async Task<Server> StartServerAsync(string connection, string data, string keyFile)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "attest.dll"), "serve", "--postgres", connection, "--data", data, "--urls", $"http://127.0.0.1:{port}" })
            info.ArgumentList.Add(arg);
        info.Environment["ATTEST_LEDGER_KEY_FILE"] = keyFile;
        var process = Process.Start(info)!;
        _servers.Add(process);
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Drain both pipes for the process's whole life, so its logging never blocks on a full pipe.
        process.OutputDataReceived += (_, e) => { if (e.Data?.StartsWith("Attest is running", StringComparison.Ordinal) == true) running.TrySetResult(); };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await running.Task.WaitAsync(CliRun.StartupCap, Ct);
        return new Server(process, $"http://127.0.0.1:{port}");
    }

    private async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(3)) throw new TimeoutException($"Not reached within 3 minutes: {what}.");
            await Task.Delay(50, Ct);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
