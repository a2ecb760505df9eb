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
using Attest.Core.Features.Ledger;
using Attest.Core.Features.Oversight;
using Attest.Core.Tests.Support;
using Attest.Engine.Access;
using Attest.Engine.Inventory;
using Attest.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Web.Tests.Operations;

/// <summary>A nats-server with JetStream and a PostgreSQL 15 cluster, both started for the class.</summary>
public sealed class NatsIngestFixture : IAsyncLifetime
{
    public NatsServer Nats { get; } = new();
    public PostgresServer Postgres { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Nats.InitializeAsync();
        await Postgres.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Nats.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}

/// <summary>
/// Decision ingest through NATS JetStream (<c>--nats</c>), against a real nats-server and on SQLite and PostgreSQL:
/// batches are judged as on the direct path, answered 202 once the stream stored them, and recorded by the ingest workers
/// of every instance exactly once; a stopped nats-server costs no acknowledged decision and answers 503, not 500; a full
/// stream answers 503 with Retry-After.
/// </summary>
public sealed class NatsIngestTests(NatsIngestFixture fixture) : IClassFixture<NatsIngestFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A cap on waiting for the workers, not a delay: the machine is shared and may be very loaded.</summary>
    private static readonly TimeSpan Cap = TimeSpan.FromMinutes(3);

    private const string Policy = """
        format: attest.oversight-policy/v1
        controls: [ATT-OVS-01]
        rules:
          - id: declines
            when: { output_in: [decline] }
            route: human_review
            sla: 1d
        """;

    private sealed class Installation(string data, string? postgres, string stream) : IAsyncDisposable
    {
        private readonly List<AttestWebFactory> _instances = [];

        public string Stream => stream;

        public string Key { get; set; } = "";

        public AttestWebFactory Start(string nats, Dictionary<string, string>? extra = null)
        {
            var settings = new Dictionary<string, string>
            {
                ["Attest:Data"] = data,
                ["Attest:Nats:Url"] = nats,
                ["Attest:Nats:Stream"] = stream,
                ["Attest:Nats:PublishTimeoutMs"] = "3000",
            };
            settings["Attest:Postgres"] = postgres ?? ""; // this installation's provider, whatever the run's (ATTEST_TEST_DATABASE)
            foreach (var (k, v) in extra ?? []) settings[k] = v;
            var factory = new AttestWebFactory(settings: settings);
            _instances.Add(factory);
            factory.CreateClient().Dispose();
            return factory;
        }

        public HttpClient Client(AttestWebFactory instance)
        {
            var client = instance.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
            client.Timeout = TimeSpan.FromSeconds(60);
            return client;
        }

        public async Task<T> WithDbAsync<T>(Func<AttestDbContext, Task<T>> read)
        {
            await using var scope = _instances[0].Services.CreateAsyncScope();
            return await read(scope.ServiceProvider.GetRequiredService<AttestDbContext>());
        }

        public Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> action) where TService : notnull => _instances[0].WithServiceAsync(action);

        public async ValueTask DisposeAsync()
        {
            foreach (var i in _instances) await i.DisposeAsync();
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }

    private async Task<Installation> InstallAsync(string provider, Dictionary<string, string>? extra = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "attest-nats-data-" + Guid.NewGuid().ToString("N"));
        var postgres = provider == "postgres" ? await fixture.Postgres.CreateDatabaseAsync() : null;
        var installation = new Installation(data, postgres, "T" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant());
        var first = installation.Start(fixture.Nats.Url, extra);
        await using var scope = first.Services.CreateAsyncScope();
        var s = scope.ServiceProvider;
        (await s.GetRequiredService<RegisterSystem>().ExecuteAsync(new SystemInput
        {
            Slug = "scoring",
            Name = "Scoring",
            Purpose = "Credit decisions",
            BusinessOwner = "A",
            TechnicalOwner = "B",
            BusinessUnit = "C",
        }, CallerIdentity.Attest, Ct)).IsOk.ShouldBeTrue();
        (await s.GetRequiredService<RegisterModelVersion>().ExecuteAsync("scoring", new ModelVersionInput
        {
            Name = "gbm",
            Version = "1.0.0",
            Kind = ModelKind.Predictive,
            Provider = ModelProvider.InHouse,
        }, CallerIdentity.Attest, Ct)).IsOk.ShouldBeTrue();
        var owner = new CallerIdentity(new Actor("user:owner", "Owner"), [Roles.Admin], [], null, "owner");
        var lead = new CallerIdentity(new Actor("user:lead", "Lead"), [Roles.GovernanceLead], [], null, "lead");
        var proposed = await s.GetRequiredService<ProposeOversightPolicy>().ExecuteAsync("scoring", Policy, yaml: true, "test", owner, Ct);
        (await s.GetRequiredService<ApproveOversightPolicy>().ExecuteAsync("scoring", proposed.Value!.Version, lead, Ct)).IsOk.ShouldBeTrue();
        installation.Key = (await s.GetRequiredService<CreateApiKey>().ExecuteAsync(new ApiKeyInput { Name = "service", Roles = [Roles.Service], System = "scoring" }, CallerIdentity.Attest, Ct)).Value!.Secret;
        return installation;
    }

    private static string Batch(string run, int from, int count, string output = "approve", string model = "gbm@1.0.0")
    {
        var sb = new StringBuilder("{\"decisions\":[");
        for (var i = from; i < from + count; i++)
        {
            if (i > from) sb.Append(',');
            sb.Append(CultureInfo.InvariantCulture, $$$"""{"system":"scoring","model_version":"{{{model}}}","external_id":"{{{run}}}-{{{i}}}","occurred_at":"2026-03-01T11:59:00Z","input":{"application":{{{i}}}},"output":"{{{(i % 10 == 0 ? "decline" : output)}}}","confidence":0.9}""");
        }
        return sb.Append("]}").ToString();
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string body)
    {
        var response = await client.PostAsync("/api/v1/decisions", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Cap) throw new TimeoutException($"Waited {Cap.TotalSeconds:F0} s for {what}.");
            await Task.Delay(100, Ct);
        }
    }

    private static Task<int> CountAsync(Installation installation, string run) =>
        installation.WithDbAsync(db => db.Decisions.CountAsync(d => d.ExternalId.StartsWith(run + "-"), Ct));

    private static async Task LedgerHoldsEveryBatchAsync(Installation installation, int decisions)
    {
        var batches = await installation.WithDbAsync(db => db.DecisionBatches.AsNoTracking().ToListAsync(Ct));
        batches.Sum(b => b.Count).ShouldBe(decisions);
        batches.ShouldAllBe(b => b.LedgerSeq > 0);
        var ledgerRoots = await installation.WithDbAsync(db => db.Ledger.AsNoTracking().Where(e => e.Action == "decisions.batch_recorded").CountAsync(Ct));
        ledgerRoots.ShouldBe(batches.Count);
        var audit = await installation.WithServiceAsync<AuditLedger, LedgerAuditResult>(a => a.ExecuteAsync(Ct));
        audit.Problem.ShouldBeNull();
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Acknowledged_batches_land_exactly_once_with_two_ingest_instances_and_duplicates_are_ignored(string provider)
    {
        await using var installation = await InstallAsync(provider);
        var b = installation.Start(fixture.Nats.Url);
        using var clientA = installation.Client(installation.Start(fixture.Nats.Url));
        using var clientB = installation.Client(b);

        const int batches = 24, size = 250;
        var answers = await Task.WhenAll(Enumerable.Range(0, batches).Select(i => PostAsync(i % 2 == 0 ? clientA : clientB, Batch("x", i * size, size))));
        foreach (var (status, body, _) in answers)
        {
            status.ShouldBe(HttpStatusCode.Accepted, body?.ToJsonString());
            body!["queued"]!.GetValue<int>().ShouldBe(size);
            body["sequences"]!.AsArray().Count.ShouldBe(1);
        }
        // Sent again (a client retrying after a timeout): queued again or answered from the log, never recorded twice.
        foreach (var i in new[] { 0, 5, 11 })
            (await PostAsync(i % 2 == 0 ? clientB : clientA, Batch("x", i * size, size))).Status.ShouldBeOneOf(HttpStatusCode.Accepted, HttpStatusCode.OK);
        // Overlapping the log: half known, half new.
        (await PostAsync(clientA, Batch("x", batches * size - 100, 200))).Status.ShouldBe(HttpStatusCode.Accepted);

        var expected = batches * size + 100;
        await WaitUntilAsync(async () => await CountAsync(installation, "x") >= expected, $"{expected} decisions recorded");
        await WaitUntilAsync(async () => (await installation.WithDbAsync(db => db.DecisionBatches.SumAsync(x => x.Count, Ct))) >= expected, "their batches");
        // Every message acknowledged: nothing more will come.
        (await CountAsync(installation, "x")).ShouldBe(expected);
        (await installation.WithDbAsync(db => db.Decisions.Select(d => d.ExternalId).Distinct().CountAsync(Ct))).ShouldBe(expected);
        (await installation.WithDbAsync(db => db.ReviewItems.CountAsync(Ct))).ShouldBe(Enumerable.Range(0, expected).Count(i => i % 10 == 0));
        await LedgerHoldsEveryBatchAsync(installation, expected);

        // A batch every decision of which is logged is answered from the log at once, like the direct path's duplicates.
        var (again, answer, _) = await PostAsync(clientB, Batch("x", 0, 3));
        again.ShouldBe(HttpStatusCode.OK);
        answer!["duplicates"]!.GetValue<int>().ShouldBe(3);
        answer["results"]![0]!["id"]!.GetValue<string>().ShouldStartWith("dec_");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_queued_batch_is_refused_with_the_same_problems_as_the_direct_path(string provider)
    {
        await using var installation = await InstallAsync(provider);
        using var client = installation.Client(installation.Start(fixture.Nats.Url));

        var (unknown, problem, _) = await PostAsync(client, Batch("r", 0, 3, model: "gbm@9.9.9"));
        unknown.ShouldBe(HttpStatusCode.NotFound);
        problem!["detail"]!.GetValue<string>().ShouldContain("decisions[0].model_version: no model version 'gbm@9.9.9'");

        (await PostAsync(client, Batch("r", 0, 3))).Status.ShouldBe(HttpStatusCode.Accepted);
        await WaitUntilAsync(async () => await CountAsync(installation, "r") == 3, "3 decisions recorded");
        var (conflict, body, _) = await PostAsync(client, Batch("r", 1, 1, output: "refer"));
        conflict.ShouldBe(HttpStatusCode.Conflict);
        body!["errors"]!["decisions[0].external_id"].ShouldNotBeNull();

        var (invalid, _, _) = await PostAsync(client, Batch("r", 5, 2).Replace("\"confidence\":0.9", "\"confidence\":7", StringComparison.Ordinal));
        invalid.ShouldBe(HttpStatusCode.BadRequest);

        // A single decision asks for its route: it is recorded at once, as without --nats.
        var single = JsonNode.Parse(Batch("s", 1, 1))!["decisions"]![0]!.ToJsonString();
        var (created, result, _) = await PostAsync(client, single);
        created.ShouldBe(HttpStatusCode.Created);
        result!["route"]!.GetValue<string>().ShouldBe("auto");
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Stopping_nats_server_during_ingest_loses_no_acknowledged_decision_and_answers_503_meanwhile(string provider)
    {
        await using var installation = await InstallAsync(provider);
        var instance = installation.Start(fixture.Nats.Url);
        using var client = installation.Client(instance);
        var acknowledged = new List<int>();
        var statuses = new List<HttpStatusCode>();
        var next = 0;
        const int size = 100;

        async Task<HttpStatusCode> SendAsync()
        {
            var from = next;
            next += size;
            var clock = Stopwatch.StartNew();
            var (status, body, response) = await PostAsync(client, Batch("f", from, size));
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(30), "no request hangs while NATS is away");
            if (status == HttpStatusCode.Accepted) acknowledged.Add(from);
            else
            {
                status.ShouldBe(HttpStatusCode.ServiceUnavailable, body?.ToJsonString());
                response.Headers.RetryAfter.ShouldNotBeNull();
                body!["detail"]!.GetValue<string>().ShouldContain("not accepted");
            }
            statuses.Add(status);
            return status;
        }

        for (var i = 0; i < 10; i++) (await SendAsync()).ShouldBe(HttpStatusCode.Accepted);
        await fixture.Nats.StopAsync();
        try
        {
            for (var i = 0; i < 5; i++) (await SendAsync()).ShouldBe(HttpStatusCode.ServiceUnavailable);
            using var anonymous = instance.CreateClient();
            var ready = await anonymous.GetAsync("/ready", Ct);
            ready.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            (await ready.Content.ReadAsStringAsync(Ct)).ShouldContain("nats: unreachable");
        }
        finally
        {
            await fixture.Nats.StartAsync();
        }
        // The connection comes back by itself; until then the answers stay 503.
        await WaitUntilAsync(async () => await SendAsync() == HttpStatusCode.Accepted, "NATS to accept batches again");
        for (var i = 0; i < 5; i++) (await SendAsync()).ShouldBe(HttpStatusCode.Accepted);
        statuses.ShouldNotContain(HttpStatusCode.InternalServerError);

        var expected = acknowledged.Count * size;
        await WaitUntilAsync(async () => await CountAsync(installation, "f") >= expected, $"{expected} acknowledged decisions recorded");
        var recorded = (await installation.WithDbAsync(db => db.Decisions.Where(d => d.ExternalId.StartsWith("f-")).Select(d => d.ExternalId).ToListAsync(Ct))).ToHashSet();
        foreach (var from in acknowledged)
            recorded.ShouldContain($"f-{from}");
        foreach (var from in acknowledged)
            recorded.ShouldContain($"f-{from + size - 1}");
        recorded.Count.ShouldBe(expected);
        using var again = instance.CreateClient();
        (await again.GetAsync("/ready", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_full_stream_answers_503_with_Retry_After_and_accepts_again_once_workers_drain_it(string provider)
    {
        var limits = new Dictionary<string, string> { ["Attest:Nats:MaxMessages"] = "2", ["Attest:Nats:Consume"] = "false", ["Attest:Nats:RetryAfterSeconds"] = "3" };
        await using var installation = await InstallAsync(provider, limits);
        using var client = installation.Client(installation.Start(fixture.Nats.Url, limits));

        (await PostAsync(client, Batch("q", 0, 10))).Status.ShouldBe(HttpStatusCode.Accepted);
        (await PostAsync(client, Batch("q", 10, 10))).Status.ShouldBe(HttpStatusCode.Accepted);
        var (full, problem, response) = await PostAsync(client, Batch("q", 20, 10));
        full.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(3));
        problem!["detail"]!.GetValue<string>().ShouldContain("stream is full");
        (await CountAsync(installation, "q")).ShouldBe(0);

        // An instance with a worker drains the stream; the refused batch, sent again, is accepted and nothing is lost.
        installation.Start(fixture.Nats.Url, new Dictionary<string, string>(limits) { ["Attest:Nats:Consume"] = "true" });
        await WaitUntilAsync(async () => await CountAsync(installation, "q") == 20, "the 2 queued batches recorded");
        (await PostAsync(client, Batch("q", 20, 10))).Status.ShouldBe(HttpStatusCode.Accepted);
        await WaitUntilAsync(async () => await CountAsync(installation, "q") == 30, "the retried batch recorded");
    }
}
