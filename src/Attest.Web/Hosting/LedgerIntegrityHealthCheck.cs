using Attest.Core.Features.Ledger;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Attest.Web.Hosting;

/// <summary>Degraded, with the reason, while the ledger integrity alarm is raised (an entry failed its re-verification).</summary>
internal sealed class LedgerIntegrityHealthCheck(LedgerIntegrityMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(monitor.Alarm is { } alarm
            ? HealthCheckResult.Degraded($"ledger integrity alarm since {alarm.RaisedAt:yyyy-MM-dd HH:mm:ss} UTC: {alarm.Problem}"
                + (alarm.Count > 1 ? $" (and {alarm.Count - 1} more altered entries)" : ""))
            : HealthCheckResult.Healthy("every ledger entry read so far re-verified"));
}

/// <summary>The /health answer: the overall status and each check's status and reason, as JSON.</summary>
internal static class HealthResponse
{
    public static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        return http.Response.WriteAsJsonAsync(new
        {
            status = Word(report.Status),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = Word(e.Value.Status), description = e.Value.Description }),
        });
    }

    private static string Word(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
