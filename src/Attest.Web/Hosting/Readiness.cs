using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Web.Hosting;

/// <summary>
/// <c>/ready</c>: 200 when the database answers, every migration of the provider in use is applied and, with <c>--nats</c>,
/// the NATS connection is open; otherwise a 503 problem naming what is not ready. Anonymous, like <c>/health</c>: a load balancer or orchestrator asks it before
/// sending traffic. (<c>/health</c> is liveness: the process is up and says how the ledger looks.)
/// </summary>
internal static class Readiness
{
    public static IEndpointConventionBuilder MapReadiness(this IEndpointRouteBuilder app) =>
        app.MapGet("/ready", CheckAsync).ExcludeFromDescription();

    private static async Task<IResult> CheckAsync(AttestDbContext db, Attest.Core.Features.Oversight.DecisionStream stream, HttpContext http, CancellationToken ct)
    {
        if (await NotReadyAsync(db, ct) is { } problem)
            return NotReady(http, problem);
        // With --nats, decision batches are accepted only through the stream: no NATS, no ingest.
        if (stream.Enabled && !stream.Reachable)
            return NotReady(http, $"nats: unreachable ({stream.Settings.Url})");
        return stream.Enabled ? Results.Json(new { status = "ready", nats = "reachable" }) : Results.Json(new { status = "ready" });
    }

    private static IResult NotReady(HttpContext http, string detail)
    {
        http.Response.Headers.RetryAfter = "5";
        return Results.Problem(title: "Not ready", detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>What is not ready, in one sentence; null when ready.</summary>
    private static async Task<string?> NotReadyAsync(AttestDbContext db, CancellationToken ct)
    {
        try
        {
            if (!await db.Database.CanConnectAsync(ct))
                return "database: unreachable";
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            return pending.Count == 0 ? null : $"database: {pending.Count} migration(s) not applied ({string.Join(", ", pending)})";
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return $"database: {e.Message}";
        }
    }
}
