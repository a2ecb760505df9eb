using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Attest.Core.Features.Monitoring;
using Attest.Core.Tests.Oversight;
using Attest.Core.Tests.Support;

namespace Attest.Core.Tests.Monitoring;

/// <summary>The oversight scenario's résumé screener with a policy in force, plus helpers to log labelled decisions and run monitoring.</summary>
public sealed class MonitoringScenario : IAsyncDisposable
{
    private int _next;

    private MonitoringScenario(OversightScenario oversight) => Oversight = oversight;

    public OversightScenario Oversight { get; }
    public TestDatabase Db => Oversight.Db;
    public const string Slug = OversightScenario.Slug;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The local webhook receivers listen on 127.0.0.1: allowed, as an operator would allow an internal host.</summary>
    public static MonitoringSettings LocalHooksAllowed { get; } = MonitoringSettings.Default with { AllowedWebhookHosts = ["127.0.0.1"] };

    public static async Task<MonitoringScenario> CreateAsync(string? postgres = null, MonitoringSettings? monitoring = null)
    {
        var s = await OversightScenario.CreateAsync(postgres, monitoring ?? LocalHooksAllowed);
        await s.PolicyInForceAsync();
        return new MonitoringScenario(s);
    }

    public static string Decision(string externalId, string output, string sex, double years, DateTimeOffset occurredAt) =>
        $$$"""{"system":"{{{Slug}}}","model_version":"cv-ranker@1.0","external_id":"{{{externalId}}}","occurred_at":"{{{occurredAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}}","input":{"cv":"{{{externalId}}}"},"output":"{{{output}}}","confidence":0.95,"factors":{"skills_match":0.7},"features":{"years_experience":{{{years.ToString(CultureInfo.InvariantCulture)}}}},"attributes":{"sex":"{{{sex}}}"}}""";

    /// <summary>Logs decisions (output, sex, years) at the given time; returns their external ids.</summary>
    public async Task<List<string>> LogAsync(DateTimeOffset at, params (string Output, string Sex, double Years)[] decisions)
    {
        var ids = decisions.Select(_ => $"d-{++_next}").ToList();
        var batch = OversightScenario.Batch(decisions.Select((d, i) => Decision(ids[i], d.Output, d.Sex, d.Years, at)).ToArray());
        var result = await Oversight.LogAsync(batch);
        result.IsOk.ShouldBeTrue(result.Message);
        return ids;
    }

    public async Task OutcomesAsync(IEnumerable<(string ExternalId, string Outcome)> outcomes)
    {
        var recorded = await Db.Get<RecordOutcomes>().ExecuteAsync(new OutcomesInput
        {
            Outcomes = outcomes.Select(o => new OutcomeInput { System = Slug, ExternalId = o.ExternalId, Outcome = System.Text.Json.JsonSerializer.SerializeToElement(o.Outcome) }).ToList(),
        }, Actors.Dana, Ct);
        recorded.IsOk.ShouldBeTrue(recorded.Message);
    }

    public async Task<int> SavePlanAsync(string yaml)
    {
        var saved = await Db.Get<SaveMonitoringPlan>().ExecuteAsync(Slug, yaml, yaml: true, "plan.yaml", Actors.Dana, Ct);
        saved.IsOk.ShouldBeTrue(saved.Message);
        return saved.Value!.Version;
    }

    public async Task<MonitoringRunDto> RunAsync()
    {
        var run = await Db.Get<RunMonitoring>().ExecuteAsync(Slug, null, RunMonitoring.OnDemand, Actors.Dana, Ct);
        run.IsOk.ShouldBeTrue(run.Message);
        return run.Value!;
    }

    public ValueTask DisposeAsync() => Oversight.DisposeAsync();
}

/// <summary>A local HTTP endpoint that records what it receives and answers with the status codes it is given, in turn.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly Task _loop;

    public sealed record Received(string Body, byte[] Raw, string? Signature, string? Delivery, string? ContentType);

    public WebhookReceiver(params int[] statuses)
    {
        _statuses = new Queue<int>(statuses);
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = $"http://127.0.0.1:{port}/hooks/attest/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }
    public List<Received> Requests { get; } = [];

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var buffer = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(buffer);
            var raw = buffer.ToArray();
            lock (Requests)
                Requests.Add(new Received(Encoding.UTF8.GetString(raw), raw, context.Request.Headers["X-Attest-Signature"], context.Request.Headers["X-Attest-Delivery"], context.Request.ContentType));
            int status;
            lock (_statuses) status = _statuses.Count > 1 ? _statuses.Dequeue() : _statuses.Count == 1 ? _statuses.Peek() : 200;
            context.Response.StatusCode = status;
            var answer = Encoding.UTF8.GetBytes(status < 300 ? "thanks" : "try later");
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}
