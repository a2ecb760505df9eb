using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Attest.Engine.RedTeam;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Attest.Core.Features.RedTeam;

/// <summary>How a run behaves: strategies, concurrency, per-attempt timeout, retries and rate limit (from the target file unless overridden).</summary>
public sealed record RunOptions
{
    public IReadOnlyList<string> Strategies { get; init; } = [];
    public int Concurrency { get; init; } = 4;
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);
    public int Retries { get; init; } = 2;
    public double RateLimitPerSecond { get; init; }
    /// <summary>First backoff delay; doubles with each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The journal of answers received so far (JSONL): a run that stops can be resumed from it.</summary>
    public string? JournalPath { get; init; }
    public bool Resume { get; init; }
}

/// <summary>One answer as the runner got it (before grading): kept in the journal so a resumed run does not ask again.</summary>
public sealed record RawAnswer(string Id, string? Response, string? Error, int Attempts, double LatencyMs);

/// <summary>The journal of an interrupted run does not belong to this run (other suite, target or strategies).</summary>
public sealed class JournalMismatchException(string message) : Exception(message);

/// <summary>
/// Sends every probe of a suite (and each strategy variant) to a target with a concurrency limit, retries with exponential
/// backoff and jitter on timeouts, 429 and 5xx, a per-attempt timeout and an optional rate limit (Polly, a token bucket),
/// journalling each answer as it arrives so an interrupted run resumes where it stopped. A probe whose target fails after
/// its retries is recorded as an error, never as a pass.
/// </summary>
public sealed class RedTeamRunner(IRedTeamTarget target, RunOptions options)
{
    public static IReadOnlyList<(Probe Probe, string Strategy, string Id, IReadOnlyList<string> Turns)> Plan(ProbeSuite suite, IReadOnlyList<string> strategies)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var all = new List<string> { Strategies.None };
        all.AddRange(strategies.Where(s => s != Strategies.None).Distinct(StringComparer.Ordinal));
        return suite.Probes.SelectMany(p => all.Select(s => (p, s, ProbeResult.ResultId(p.Id, s), Strategies.Apply(s, p)))).ToArray();
    }

    public async Task<IReadOnlyList<RawAnswer>> RunAsync(LoadedSuite loaded, string journalHeader, IProgress<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        var plan = Plan(loaded.Suite, options.Strategies);
        var done = new ConcurrentDictionary<string, RawAnswer>(StringComparer.Ordinal);
        StreamWriter? journal = null;
        if (options.JournalPath is { } path)
        {
            if (options.Resume && File.Exists(path))
            {
                foreach (var answer in ReadJournal(path, journalHeader)) done[answer.Id] = answer;
                journal = new StreamWriter(path, append: true);
            }
            else
            {
                journal = new StreamWriter(path, append: false);
                await journal.WriteLineAsync(journalHeader);
            }
            journal.AutoFlush = true;
        }
        var journalLock = new SemaphoreSlim(1, 1);
        using var limiter = options.RateLimitPerSecond > 0
            ? new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = Math.Max(1, (int)Math.Ceiling(options.RateLimitPerSecond)),
                TokensPerPeriod = Math.Max(1, (int)Math.Ceiling(options.RateLimitPerSecond)),
                ReplenishmentPeriod = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(options.RateLimitPerSecond)) / options.RateLimitPerSecond),
                QueueLimit = int.MaxValue,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            })
            : null;
        var builder = new ResiliencePipelineBuilder();
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<TransientTargetException>().Handle<TimeoutRejectedException>().Handle<HttpRequestException>(),
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
            });
        }
        var pipeline = builder.AddTimeout(options.Timeout).Build();
        var completed = done.Count;
        progress?.Report(completed);
        try
        {
            await Parallel.ForEachAsync(plan.Where(p => !done.ContainsKey(p.Id)), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Concurrency), CancellationToken = ct },
                async (item, token) =>
                {
                    var request = new TargetRequest(item.Id, item.Probe.Id, item.Probe.SystemPrompt ?? loaded.Suite.SystemPrompt, item.Probe.Context, item.Turns);
                    var attempts = 0;
                    var clock = Stopwatch.StartNew();
                    RawAnswer answer;
                    try
                    {
                        var response = await pipeline.ExecuteAsync(async t =>
                        {
                            Interlocked.Increment(ref attempts);
                            if (limiter is not null)
                            {
                                using var lease = await limiter.AcquireAsync(1, t);
                            }
                            return await target.SendAsync(request, t);
                        }, token);
                        answer = new RawAnswer(item.Id, response.Response, null, attempts, clock.Elapsed.TotalMilliseconds);
                    }
                    catch (Exception e) when (e is TransientTargetException or TargetException or TimeoutRejectedException or HttpRequestException && !token.IsCancellationRequested)
                    {
                        var why = e is TimeoutRejectedException ? $"timed out after {options.Timeout.TotalSeconds:0.###} s" : e.Message;
                        answer = new RawAnswer(item.Id, null, attempts > 1 ? $"{why} (after {attempts} attempts)" : why, attempts, clock.Elapsed.TotalMilliseconds);
                    }
                    done[item.Id] = answer;
                    // Only answers are journalled: errors are asked again when the run is resumed.
                    if (journal is not null && answer.Response is not null)
                    {
                        var line = JsonSerializer.Serialize(new JsonObject { ["id"] = answer.Id, ["response"] = answer.Response, ["attempts"] = answer.Attempts, ["latency_ms"] = Math.Round(answer.LatencyMs, 3) });
                        await journalLock.WaitAsync(token);
                        try { await journal.WriteLineAsync(line); }
                        finally { journalLock.Release(); }
                    }
                    progress?.Report(Interlocked.Increment(ref completed));
                });
        }
        finally
        {
            if (journal is not null) await journal.DisposeAsync();
        }
        return plan.Select(p => done[p.Id]).ToArray();
    }

    private static IEnumerable<RawAnswer> ReadJournal(string path, string expectedHeader)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header != expectedHeader)
            throw new JournalMismatchException($"{path} belongs to another run (different suite, target or strategies); delete it to start over");
        string? line;
        var number = 1;
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonNode? node;
            try { node = JsonNode.Parse(line); }
            catch (JsonException) { continue; } // a line cut off by the interruption: asked again
            if (node?["id"]?.GetValue<string>() is { } id && node["response"]?.GetValue<string>() is { } response)
                yield return new RawAnswer(id, response, null, node["attempts"]?.GetValue<int>() ?? 1, node["latency_ms"]?.GetValue<double>() ?? 0);
        }
    }
}
