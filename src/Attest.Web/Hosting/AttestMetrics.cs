using System.Diagnostics.Metrics;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Attest.Web.Hosting;

/// <summary>
/// The <c>Attest</c> meter: what an operator watches besides request rates — decisions stored, open review items and the
/// age of the oldest one, ledger size, and background job outcomes. The gauges read the database when scraped.
/// </summary>
internal sealed class AttestMetrics : IDisposable
{
    public const string MeterName = "Attest";
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _jobRuns;

    public AttestMetrics(IServiceScopeFactory scopes, TimeProvider time)
    {
        _jobRuns = _meter.CreateCounter<long>("attest.job.runs", "{run}", "Background job rounds, by job and outcome (ok, failed).");
        _meter.CreateObservableCounter("attest.decisions.stored", () => Read(scopes, db => db.Decisions.LongCount()), "{decision}",
            "Decisions ingested and stored.");
        _meter.CreateObservableGauge("attest.review.open", () => Read(scopes, db => db.ReviewItems.LongCount(Open)), "{item}",
            "Review items pending or claimed.");
        _meter.CreateObservableGauge("attest.review.oldest_open_age", () => Read(scopes, db =>
        {
            var oldest = db.ReviewItems.Where(Open).OrderBy(i => i.CreatedAt).Select(i => (DateTimeOffset?)i.CreatedAt).FirstOrDefault();
            return oldest is { } at ? (long)Math.Max(0, (time.GetUtcNow() - at).TotalSeconds) : 0;
        }), "s", "Age of the oldest open review item (0 when none).");
        _meter.CreateObservableGauge("attest.ledger.entries", () => Read(scopes, db => db.Ledger.LongCount()), "{entry}",
            "Entries in the ledger.");
    }

    private static readonly System.Linq.Expressions.Expression<Func<ReviewItem, bool>> Open =
        i => i.State == ReviewItemState.Pending || i.State == ReviewItemState.Claimed;

    /// <summary>Counts one round of a background job: outcome <c>ok</c> or <c>failed</c>.</summary>
    public void JobRan(string job, bool ok) =>
        _jobRuns.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", ok ? "ok" : "failed"));

    private static IEnumerable<Measurement<long>> Read(IServiceScopeFactory scopes, Func<AttestDbContext, long> query)
    {
        long value;
        try
        {
            using var scope = scopes.CreateScope();
            value = query(scope.ServiceProvider.GetRequiredService<AttestDbContext>());
        }
        catch (Exception)
        {
            // A scrape while the database is away reports nothing rather than failing the whole scrape; /ready says why.
            yield break;
        }
        yield return new Measurement<long>(value);
    }

    public void Dispose() => _meter.Dispose();
}

/// <summary>
/// OTLP traces when <c>Attest:Telemetry:OtlpEndpoint</c> is set, and <c>/metrics</c> (Prometheus text) through OpenTelemetry: ASP.NET Core request metrics and the <c>Attest</c> meter. Off
/// unless <c>Attest:Metrics:Enabled=true</c>; then answered only to local callers (a scraper on the same host or pod;
/// not through a reverse proxy) — anyone else gets 404.
/// </summary>
internal static class MetricsSetup
{
    public static bool Enabled(IConfiguration configuration) =>
        string.Equals(configuration["Attest:Metrics:Enabled"], "true", StringComparison.OrdinalIgnoreCase);

    public static void AddAttestMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<AttestMetrics>();
        // Traces (OTLP) are off unless an endpoint is configured: nothing is sent anywhere by default.
        if (builder.Configuration["Attest:Telemetry:OtlpEndpoint"] is { Length: > 0 } otlp)
            builder.Services.AddOpenTelemetry().WithTracing(t => t
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter(o => o.Endpoint = new Uri(otlp)));
        if (!Enabled(builder.Configuration)) return;
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(AttestMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
    }

    public static void MapAttestMetrics(this WebApplication app)
    {
        if (!Enabled(app.Configuration)) return;
        // Touch the meter so its instruments exist before the first scrape.
        app.Services.GetRequiredService<AttestMetrics>();
        var auth = app.Services.GetRequiredService<Attest.Web.Security.AuthSettings>();
        // Local as setup mode means it: loopback, no forwarding header, not a configured proxy — so a reverse proxy
        // on the same host does not expose the endpoint.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http =>
            http.Request.Path == "/metrics" && Attest.Web.Security.AttestAuthentication.IsLocal(http, auth));
    }
}
