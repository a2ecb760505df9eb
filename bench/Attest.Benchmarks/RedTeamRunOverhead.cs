using System.Diagnostics;
using System.Globalization;
using System.Text;
using Attest.Core.Features.RedTeam;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Attest.Benchmarks;

/// <summary>
/// The red-team runner's cost per request beyond the target's own latency. An OpenAI-compatible mock on Kestrel loopback
/// answers every request after a fixed delay; the same requests are first sent by a bare <see cref="HttpClient"/> loop at
/// the same concurrency (the baseline: the target's latency plus the HTTP stack), then by <see cref="RedTeamRunner"/>
/// (strategies, Polly pipeline, journal, grading excluded). The difference per request slot is the runner's overhead.
/// Also serves the mock alone for whole-process runs (<c>redteam-mock PORT DELAY_MS</c>, used by bench/redteam.sh).
/// </summary>
public static class RedTeamRunOverhead
{
    private static readonly byte[] Answer = Encoding.UTF8.GetBytes(
        """{"id":"mock","object":"chat.completion","model":"mock","choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"I'm sorry, but I can't help with that request."}}],"usage":{"prompt_tokens":10,"completion_tokens":12,"total_tokens":22}}""");

    public static async Task<WebApplication> StartMockAsync(int port, int delayMs)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, port));
        var app = builder.Build();
        app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            // Read the request as a real target would, then answer after the target's latency.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            await Task.Delay(delayMs, context.RequestAborted);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Answer.Length;
            await context.Response.Body.WriteAsync(Answer, context.RequestAborted);
        });
        await app.StartAsync();
        return app;
    }

    /// <summary><c>redteam-mock PORT DELAY_MS</c>: serve until killed.</summary>
    public static async Task<int> ServeAsync(string[] args)
    {
        var app = await StartMockAsync(int.Parse(args[0], CultureInfo.InvariantCulture), int.Parse(args[1], CultureInfo.InvariantCulture));
        Console.WriteLine("mock ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary><c>redteam-overhead [SUITE] [DELAY_MS] [CONCURRENCY] [ROUNDS]</c></summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var suiteName = args.Length > 0 ? args[0] : "jbb-behaviors";
        var delayMs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
        var rounds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 5;
        await using var app = await StartMockAsync(0, delayMs);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var suite = ProbeSuiteLoader.Resolve(suiteName);
        var target = TargetFile.Parse($"""
            format: attest.redteam-target/v1
            type: openai
            name: mock
            base_url: {address}/v1
            model: mock
            retries: 0
            """, "bench-target.yaml");
        string[] strategies = ["base64", "rot13", "leetspeak", "homoglyph", "roleplay", "injection"];
        var plan = RedTeamRunner.Plan(suite.Suite, strategies);
        var requests = plan.Sum(p => p.Turns.Count);
        Console.WriteLine($"suite {suiteName}: {plan.Count} probes × strategies = {requests} requests, mock latency {delayMs} ms, concurrency {concurrency}, load {Load()}");

        using var bare = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 });
        var bodies = plan.Select(p => Encoding.UTF8.GetBytes(
            $$"""{"model":"mock","messages":[{"role":"user","content":{{System.Text.Json.JsonSerializer.Serialize(p.Turns[^1])}}}]}""")).ToArray();
        var endpoint = new Uri(address + "/v1/chat/completions");
        async Task<double> Bare()
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(bodies, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (body, ct) =>
            {
                using var content = new ByteArrayContent(body);
                content.Headers.ContentType = new("application/json");
                using var response = await bare.PostAsync(endpoint, content, ct);
                await response.Content.ReadAsByteArrayAsync(ct);
            });
            return clock.Elapsed.TotalSeconds;
        }
        async Task<double> Runner()
        {
            var runner = new RedTeamRunner(Targets.Create(target), new RunOptions { Strategies = strategies, Concurrency = concurrency, Retries = 0 });
            var clock = Stopwatch.StartNew();
            var answers = await runner.RunAsync(suite, "bench", null, CancellationToken.None);
            var elapsed = clock.Elapsed.TotalSeconds;
            if (answers.Any(a => a.Error is not null)) throw new InvalidOperationException(answers.First(a => a.Error is not null).Error);
            return elapsed;
        }
        InProcessCost(target, plan);
        await Bare(); // warm up both paths (JIT, connections)
        await Runner();
        var bareTimes = new List<double>();
        var runnerTimes = new List<double>();
        var cpu = TimeSpan.Zero;
        var bareCpu = TimeSpan.Zero;
        for (var i = 0; i < rounds; i++)
        {
            var start = Process.GetCurrentProcess().TotalProcessorTime;
            bareTimes.Add(await Bare());
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            bareCpu += before - start;
            runnerTimes.Add(await Runner());
            cpu += Process.GetCurrentProcess().TotalProcessorTime - before;
        }
        var ideal = Math.Ceiling(requests / (double)concurrency) * delayMs / 1000.0;
        var slots = requests / (double)concurrency;
        var bareMedian = Median(bareTimes);
        var runnerMedian = Median(runnerTimes);
        Console.WriteLine(FormattableString.Invariant($"ideal (requests / concurrency × latency): {ideal:0.000} s"));
        Console.WriteLine(FormattableString.Invariant($"bare HttpClient loop (the target's own time), median of {rounds}: {bareMedian:0.000} s = {(bareMedian - ideal) / slots * 1000:0.000} ms per request slot beyond the ideal"));
        Console.WriteLine(FormattableString.Invariant($"RedTeamRunner, median of {rounds}: {runnerMedian:0.000} s = {(runnerMedian - ideal) / slots * 1000:0.000} ms per slot beyond the ideal"));
        Console.WriteLine(FormattableString.Invariant($"runner overhead beyond the target's own time: {(runnerMedian - bareMedian) / slots * 1000:0.000} ms per request slot; process CPU per request {cpu.TotalMilliseconds / rounds / requests * 1000:0} µs with the runner, {bareCpu.TotalMilliseconds / rounds / requests * 1000:0} µs with the bare loop (the mock's share is in both); load {Load()}"));
        return 0;
    }

    /// <summary>The target adapter's own CPU per request (building the body, reading the answer) with no network: a handler that answers at once.</summary>
    private static void InProcessCost(TargetSpec target, IReadOnlyList<(Attest.Engine.RedTeam.Probe Probe, string Strategy, string Id, IReadOnlyList<string> Turns)> plan)
    {
        var adapter = Targets.Create(target, new CannedHandler());
        var requests = plan.Select(p => new TargetRequest(p.Id, p.Probe.Id, p.Probe.SystemPrompt, p.Probe.Context, p.Turns)).ToArray();
        for (var i = 0; i < 2000; i++) adapter.SendAsync(requests[i % requests.Length], CancellationToken.None).GetAwaiter().GetResult();
        const int n = 20000;
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) adapter.SendAsync(requests[i % requests.Length], CancellationToken.None).GetAwaiter().GetResult();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - before;
        Console.WriteLine(FormattableString.Invariant($"target adapter alone (no network, answer at once): {clock.Elapsed.TotalMilliseconds * 1000 / n:0.0} µs wall, {cpu.TotalMilliseconds * 1000 / n:0.0} µs CPU per request"));
    }

    private sealed class CannedHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(Answer) });
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
}
