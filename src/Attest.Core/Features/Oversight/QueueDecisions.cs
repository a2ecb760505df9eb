using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;

namespace Attest.Core.Features.Oversight;

/// <summary>What the queued path answers (202): how many decisions wait in the stream, and where.</summary>
/// <param name="Queued">Decisions accepted into the stream (durable there; an ingest worker records them).</param>
/// <param name="Duplicates">Decisions already logged with the same body when the batch was accepted (recorded once, as always).</param>
/// <param name="Sequences">The stream sequence of each message the batch became (one, or more for a body over the server's payload limit).</param>
public sealed record QueuedDecisionsDto(int Queued, int Duplicates, string Stream, IReadOnlyList<ulong> Sequences);

/// <summary>Either the batch was queued, or every decision of it was logged before (then the original answers, as on the direct path).</summary>
public sealed record QueueOutcome(QueuedDecisionsDto? Queued, DecisionBatchResultDto? AlreadyLogged);

/// <summary>
/// The queued path of decision ingest (<c>--nats</c>): judges a batch exactly as recording would — the caller's right to log
/// for the system (403/404), unknown model versions or deployments (404), an external id already logged with another body
/// (409), through the same lookups and refusal as <see cref="IngestDecisions"/> — and, when nothing refuses it, puts it on
/// the decision stream, answering once JetStream has stored it. An ingest worker records it later through
/// <see cref="IngestDecisions"/>, idempotent on system and external id. NATS away or the stream full: Unavailable (503).
/// </summary>
public sealed class QueueDecisions(AttestDbContext db, GovernedWrites writes, DecisionStream stream)
{
    public async Task<Result<QueueOutcome>> ExecuteAsync(CallerIdentity caller, ReadOnlyMemory<byte> body, DecisionBody read, DateTimeOffset readAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(read);
        if (read.Problem != DecisionBodyProblem.None || read.Decisions.Count == 0)
            throw new ArgumentException("Only a body that read without problems is queued.", nameof(read));

        // The write path's own checks, without its transaction: the recording later runs them again.
        var system = await db.FindSystemAsync(read.System, ct);
        if (system is null || !Access.ReadScopeOf(caller).Includes(system.Id))
            return Result<QueueOutcome>.NotFound($"No AI system '{read.System}'.");
        if (await writes.Access.SystemRefusalAsync(caller, Permissions.DecisionsIngest, system.Id, system.Slug, ct) is { } refusal)
            return Result<QueueOutcome>.Forbidden(refusal);

        var (versions, deployments) = await IngestLookups.ResolversAsync(db, system.Id, ct);
        var existing = await IngestLookups.ExistingAsync(db, system.Id, [read], ct);
        if (IngestDecisions.Refusal(read, versions, deployments, existing, system.Slug) is { } refused)
            return refused.As<QueueOutcome>();

        var duplicates = read.Decisions.Count(d => existing.ContainsKey(d.ExternalId));
        if (duplicates == read.Decisions.Count)
        {
            var results = read.Decisions.Select(d => existing[d.ExternalId].Result).ToList();
            return Result<QueueOutcome>.Ok(new QueueOutcome(null, new DecisionBatchResultDto(0, results.Count, results)));
        }
        var published = await stream.PublishAsync(caller, body, read, readAt, ct);
        return published.IsOk
            ? Result<QueueOutcome>.Ok(new QueueOutcome(new QueuedDecisionsDto(read.Decisions.Count - duplicates, duplicates, stream.Settings.Stream, published.Value!), null))
            : published.As<QueueOutcome>();
    }
}
