using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Operations;

/// <summary>
/// Claims one period of a background job (the checkpoint schedule, the monitoring round) for this instance. Every
/// instance on the database ticks; the one whose conditional update still finds the job due moves its next due time one
/// period on and runs it — the others find it no longer due and skip, so the job runs once per period however many
/// instances there are. Works the same on SQLite (one instance) and PostgreSQL. A run that dies mid-way is not retried
/// before the next period: every job here is idempotent and catches up then.
/// </summary>
public sealed class ClaimJobRun(AttestDbContext db, GovernedWrites writes, TimeProvider time)
{
    /// <summary>Timers of instances started at different moments fire up to this share of a period early and still claim.</summary>
    private const double Tolerance = 0.1;

    /// <param name="job">The job's name (at most 64 characters).</param>
    /// <param name="period">How often the job runs across all instances.</param>
    /// <param name="owner">This instance, for operators reading <c>job_leases</c>.</param>
    /// <returns>True when this instance runs the job now.</returns>
    public async Task<bool> ExecuteAsync(string job, TimeSpan period, string owner, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var now = time.GetUtcNow();
        var early = now + period * Tolerance;
        var lease = await db.JobLeases.AsNoTracking().FirstOrDefaultAsync(j => j.Name == job, ct);
        if (lease is null)
        {
            await CreateAsync(job, now, ct);
            lease = await db.JobLeases.AsNoTracking().FirstAsync(j => j.Name == job, ct);
        }
        if (lease.NextDueAt > early) return false;
        var seen = lease.NextDueAt;
        var next = seen + period;
        if (next <= early) next = now + period;
        var claimed = await writes.ChangeAsync(CallerIdentity.Attest, Permissions.LedgerCheckpoint, WriteTarget.Installation, async _ =>
        {
            var rows = await db.JobLeases.Where(j => j.Name == job && j.NextDueAt == seen)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.NextDueAt, next).SetProperty(j => j.Owner, owner).SetProperty(j => j.ClaimedAt, now), ct);
            return Result<bool>.Ok(rows == 1);
        }, ct);
        return claimed is { IsOk: true, Value: true };
    }

    private async Task CreateAsync(string job, DateTimeOffset now, CancellationToken ct)
    {
        try
        {
            await writes.ChangeAsync(CallerIdentity.Attest, Permissions.LedgerCheckpoint, WriteTarget.Installation, async _ =>
            {
                db.JobLeases.Add(new JobLease { Name = job, NextDueAt = now });
                await db.SaveChangesAsync(ct);
                return Result<bool>.Ok(true);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Another instance made the slot first: claim against that one.
        }
        db.ChangeTracker.Clear();
    }
}
