using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Sends deliveries that are due: each is claimed with a conditional update (pending, due, unleased → leased by this
/// instance), so of several instances exactly one sends it; sent outside any transaction; and its attempt recorded — delivered
/// on a 2xx answer, otherwise retried after an exponentially growing wait until the attempts run out (then failed).
/// </summary>
public sealed class DeliverAlerts(AttestDbContext db, GovernedWrites writes, TimeProvider time, AlertSender sender, MonitoringSettings settings, RouteSecrets routeSecrets)
{
    public const int MaxPerRound = 50;

    /// <returns>How many deliveries were attempted.</returns>
    public async Task<int> ExecuteAsync(string owner, string? systemId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var due = await db.AlertDeliveries.AsNoTracking()
            .Where(d => d.State == DeliveryState.Pending && d.NextAttemptAt <= now && (systemId == null || d.SystemId == systemId))
            .OrderBy(d => d.NextAttemptAt).Select(d => d.Id).Take(MaxPerRound).ToListAsync(ct);
        var attempted = 0;
        foreach (var id in due)
        {
            if (!await ClaimAsync(id, owner, ct)) continue;
            await AttemptAsync(id, maxAttempts: null, ct);
            attempted++;
        }
        return attempted;
    }

    private async Task<bool> ClaimAsync(string id, string owner, CancellationToken ct)
    {
        var claimed = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.MonitoringRun, WriteTarget.Installation, async _ =>
        {
            var now = time.GetUtcNow();
            var until = now + settings.Lease;
            var rows = await db.AlertDeliveries
                .Where(d => d.Id == id && d.State == DeliveryState.Pending && d.NextAttemptAt <= now && (d.LeaseUntil == null || d.LeaseUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.LeaseOwner, owner).SetProperty(d => d.LeaseUntil, until), ct);
            return Result<bool>.Ok(rows == 1);
        }, ct);
        return claimed.IsOk && claimed.Value;
    }

    /// <summary>One attempt of a claimed (or just created) delivery; <paramref name="maxAttempts"/> overrides the settings (a test delivery tries once).</summary>
    internal async Task<AlertDelivery?> AttemptAsync(string id, int? maxAttempts, CancellationToken ct)
    {
        var delivery = await db.AlertDeliveries.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, ct);
        if (delivery is null) return null;
        var plan = await db.MonitoringPlans.AsNoTracking().FirstOrDefaultAsync(p => p.SystemId == delivery.SystemId && p.Version == delivery.PlanVersion, ct);
        SendOutcome outcome;
        try
        {
            var secrets = plan is null || delivery.RouteKind != MonitoringRoute.Webhook ? [] : routeSecrets.Unprotect(plan.SystemId, plan.SecretsJson);
            var secret = delivery.RouteIndex < secrets.Count ? secrets[delivery.RouteIndex] : null;
            outcome = await sender.SendAsync(delivery.RouteKind, delivery.Destination, delivery.Id, delivery.Event, delivery.Body, secret, ct);
        }
        catch (RouteSecretsException e)
        {
            // Never sent unsigned: the attempt fails with the reason, and is retried (a restored key lets it through).
            outcome = new SendOutcome(false, null, "not sent: " + e.Message);
        }
        var recorded = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.MonitoringRun, WriteTarget.Installation, async _ =>
        {
            var now = time.GetUtcNow();
            var row = await db.AlertDeliveries.FirstAsync(d => d.Id == id, ct);
            row.Attempts++;
            row.LastAttemptAt = now;
            row.LastStatus = outcome.Status;
            row.LastResponse = outcome.Response.Length > AlertSender.MaxResponseLength ? outcome.Response[..AlertSender.MaxResponseLength] : outcome.Response;
            row.LeaseOwner = null;
            row.LeaseUntil = null;
            if (outcome.Delivered)
            {
                row.State = DeliveryState.Delivered;
                row.DeliveredAt = now;
            }
            else if (outcome.Permanent || row.Attempts >= (maxAttempts ?? settings.MaxAttempts))
                row.State = DeliveryState.Failed;
            else
                row.NextAttemptAt = now + WebhookSignature.Backoff(row.Attempts, settings.FirstRetry, settings.MaxRetryWait);
            return Result<AlertDelivery>.Ok(row);
        }, ct);
        return recorded.Value;
    }
}
