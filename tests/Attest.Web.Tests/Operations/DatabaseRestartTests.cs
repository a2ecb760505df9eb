using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Attest.Core.Features.Identity;
using Attest.Core.Tests.Support;
using Attest.Web.Tests.Support;

namespace Attest.Web.Tests.Operations;

/// <summary>
/// Issue 18: PostgreSQL restarted under traffic — its own throwaway server (not the shared one), stopped and started again
/// on the same data directory while clients read and write. While it is down every answer is a 503 problem with
/// Retry-After (never a 500, never a hang: each request has a 30-second cap); once it is back the same app, not restarted,
/// is ready again and writes succeed; every write acknowledged before, during or after is in the database.
/// </summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan RequestCap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ConditionCap = TimeSpan.FromMinutes(2);
    private AttestWebFactory _app = null!;
    private PostgresServer _server = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await PostgresServer.PrivateAsync(); // stopped and started below: not the cluster the other tests share
        // Pooling on, as in production: connections that PostgreSQL closed while it restarted sit in the pool.
        var connection = (await _server.CreateDatabaseAsync()).Replace("Pooling=false", "Pooling=true", StringComparison.Ordinal);
        _app = new AttestWebFactory(settings: new Dictionary<string, string>
        {
            ["Attest:Postgres"] = connection,
            ["Attest:Monitoring:Scheduler"] = "off",
        });
        _ = _app.Services;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    private sealed record Answer(string Phase, string Method, HttpStatusCode? Status, string? MediaType, string? Title, bool RetryAfter, string? Failure);

    [Fact]
    public async Task While_PostgreSQL_restarts_requests_get_503_problems_and_Attest_recovers_without_a_restart()
    {
        var key = await _app.WithServiceAsync<CreateApiKey, string>(async c =>
            (await c.ExecuteAsync(new ApiKeyInput { Name = "traffic", Roles = ["admin"] }, CallerIdentity.Attest, Ct)).Value!.Secret);
        var answers = new ConcurrentQueue<Answer>();
        var acknowledged = new ConcurrentBag<string>();
        var phase = "up";
        using var stop = new CancellationTokenSource();

        // Four clients: two writing systems, two reading the list and the readiness endpoint.
        var clients = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            using var client = _app.CreateClient();
            client.Timeout = RequestCap;
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var write = w < 2;
                var slug = $"s-{w}-{i}";
                var current = Volatile.Read(ref phase);
                using var request = write
                    ? new HttpRequestMessage(HttpMethod.Post, "/api/v1/systems") { Content = Json.Body(Json.SystemJson(slug)) }
                    : new HttpRequestMessage(HttpMethod.Get, i % 2 == 0 ? "/api/v1/systems" : "/ready");
                try
                {
                    using var response = await client.SendAsync(request, CancellationToken.None);
                    var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                    var mediaType = response.Content.Headers.ContentType?.MediaType;
                    string? title = null;
                    if (mediaType == "application/problem+json") title = JsonNode.Parse(body)?["title"]?.GetValue<string>();
                    if (write && response.StatusCode == HttpStatusCode.Created) acknowledged.Add(slug);
                    answers.Enqueue(new Answer(current, request.Method.Method + " " + request.RequestUri, response.StatusCode, mediaType, title, response.Headers.RetryAfter is not null, null));
                    // A client that honours Retry-After would wait; this one keeps asking, at most every 20 ms, to see every state.
                    if (!response.IsSuccessStatusCode) await Task.Delay(20, CancellationToken.None);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    answers.Enqueue(new Answer(current, request.Method.Method + " " + request.RequestUri, null, null, null, false, e.GetType().Name + ": " + e.Message));
                }
            }
        }, CancellationToken.None)).ToList();

        try
        {
            await WaitUntilAsync(() => acknowledged.Count >= 10, "ten writes acknowledged before the restart");
            Volatile.Write(ref phase, "down");
            await _server.StopAsync();
            var downSince = answers.Count;
            await WaitUntilAsync(() => answers.Skip(downSince).Count(a => a.Phase == "down") >= 30, "thirty answers while PostgreSQL is down");
            using (var anonymous = _app.CreateAnonymousClient())
            {
                using var notReady = await anonymous.GetAsync("/ready", Ct);
                notReady.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                notReady.Headers.RetryAfter.ShouldNotBeNull();
                (await notReady.Content.ReadAsStringAsync(Ct)).ShouldContain("database");
            }

            Volatile.Write(ref phase, "back");
            await _server.StartAsync();
            var backAt = Stopwatch.StartNew();
            using (var anonymous = _app.CreateAnonymousClient())
                await WaitUntilAsync(async () => (await anonymous.GetAsync("/ready", Ct)).StatusCode == HttpStatusCode.OK, "/ready answers 200 again without restarting Attest");
            var readyAfter = backAt.Elapsed;
            var before = acknowledged.Count;
            await WaitUntilAsync(() => acknowledged.Count >= before + 10, "ten more writes acknowledged after PostgreSQL is back");
            TestContext.Current.TestOutputHelper?.WriteLine($"ready again {readyAfter.TotalSeconds:F1} s after PostgreSQL started");
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }

        var all = answers.ToList();
        var summary = string.Join("; ", all.GroupBy(a => (a.Phase, a.Status, a.Title, a.Failure)).Select(g => $"{g.Key.Phase} {(int?)g.Key.Status} {g.Key.Title}{g.Key.Failure} ×{g.Count()}"));
        TestContext.Current.TestOutputHelper?.WriteLine(summary);
        all.ShouldAllBe(a => a.Failure == null, "no request failed without an answer or hung past its cap: " + summary);
        all.ShouldAllBe(a => a.Status == HttpStatusCode.OK || a.Status == HttpStatusCode.Created || a.Status == HttpStatusCode.ServiceUnavailable,
            "every answer is a success or a 503: " + summary);
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        unavailable.Count(a => a.Phase == "down").ShouldBeGreaterThan(0, "requests while PostgreSQL was down were answered 503");
        unavailable.ShouldAllBe(a => a.MediaType == "application/problem+json" && a.RetryAfter && (a.Title == "Database unavailable" || a.Title == "Not ready"),
            "each 503 is a problem with Retry-After: " + summary);

        // Every acknowledged write is there, once.
        using var reader = _app.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        foreach (var slug in acknowledged)
            (await reader.GetAsync($"/api/v1/systems/{slug}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, slug);
    }

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    // Polls a condition every 50 ms up to a generous cap (a loaded 2-core machine is slow, not broken).
    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > ConditionCap) throw new TimeoutException($"Not reached within {ConditionCap.TotalSeconds:F0} s: {what}.");
            await Task.Delay(50, Ct);
        }
    }
}
