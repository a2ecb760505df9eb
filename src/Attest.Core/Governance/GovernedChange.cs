using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Ledger;

namespace Attest.Core.Governance;

/// <summary>
/// What a use case gets inside <see cref="GovernedWrites.ChangeAsync{T}"/>: the authorized caller, what the change is
/// about (loaded once), the time of the change, a way to record typed ledger actions, and a way to say what it touched
/// so material change is assessed before commit.
/// </summary>
public sealed class GovernedChange
{
    private readonly GovernedWrites _path;
    private readonly AiSystem? _system;
    private readonly List<TouchedVersion> _touched = [];

    internal GovernedChange(GovernedWrites path, CallerIdentity caller, AiSystem? system, Dataset? dataset, DateTimeOffset now)
    {
        _path = path;
        Caller = caller;
        _system = system;
        Dataset = dataset;
        Now = now;
    }

    public CallerIdentity Caller { get; }

    /// <summary>The actor the ledger names.</summary>
    public Actor Actor => Caller.Actor;

    /// <summary>The system the change is about (tracked: edits to it are saved).</summary>
    public AiSystem System => _system ?? throw new InvalidOperationException("This change is not about one system; target WriteTarget.System or SystemOf.");

    /// <summary>The dataset the change is about, when the target was an existing dataset.</summary>
    public Dataset? Dataset { get; }

    /// <summary>When the change happens (one instant for everything it writes).</summary>
    public DateTimeOffset Now { get; }

    public DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    internal IReadOnlyList<TouchedVersion> TouchedVersions => _touched;

    internal GovernedWrites Path => _path;

    /// <summary>Records an action about the system the change is about.</summary>
    public Task RecordAsync(LedgerAction<AiSystem> action, JsonNode payload, CancellationToken ct) => RecordAsync(action, System, payload, ct);

    /// <summary>Records an action about <paramref name="subject"/>; the entry's subject string is derived from it.</summary>
    public async Task RecordAsync<TSubject>(LedgerAction<TSubject> action, TSubject subject, JsonNode payload, CancellationToken ct) where TSubject : ILedgerSubject
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(subject);
        await LedgerWriter.AppendAsync(_path.Db, _path.Time, Actor, action.Name, subject.LedgerSubject, payload, ct);
    }

    /// <summary>
    /// Records many actions about the system the change is about, in order, as one batch: the entries are chained in
    /// memory and added together (an import's thousands of entries), exactly as recording them one by one would.
    /// </summary>
    public Task RecordAllAsync(IEnumerable<(LedgerAction<AiSystem> Action, JsonNode Payload)> records, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(records);
        return RecordAllAsync(records.Select(r => (r.Action, System, r.Payload)), ct);
    }

    /// <summary>Records many actions, each about its subject, in order, as one batch.</summary>
    public async Task RecordAllAsync<TSubject>(IEnumerable<(LedgerAction<TSubject> Action, TSubject Subject, JsonNode Payload)> records, CancellationToken ct)
        where TSubject : ILedgerSubject
    {
        ArgumentNullException.ThrowIfNull(records);
        var appends = records.Select(r =>
        {
            ArgumentNullException.ThrowIfNull(r.Action);
            ArgumentNullException.ThrowIfNull(r.Subject);
            return new LedgerAppend(r.Action.Name, r.Subject.LedgerSubject, r.Payload);
        }).ToList();
        await LedgerWriter.AppendAllAsync(_path.Db, _path.Time, Actor, appends, ct);
    }

    /// <summary>
    /// Writes what the change has made so far inside its transaction, for an answer that queries its own writes (an
    /// incident's deadlines and obligations); nothing is committed before the whole change is.
    /// </summary>
    public Task FlushAsync(CancellationToken ct) => _path.Db.SaveChangesAsync(ct);

    /// <summary>A model version was registered, edited, deployed or evaluated: assess it against the approval in force.</summary>
    public void Touched(ModelVersion version, string cause)
    {
        ArgumentNullException.ThrowIfNull(version);
        _touched.Add(new TouchedVersion(version.SystemId, version.Id, cause));
    }

    /// <summary>The system's own fields changed (intended purpose, populations): assess the approved version with them.</summary>
    public void TouchedSystem(string cause) => _touched.Add(new TouchedVersion(System.Id, null, cause));

    /// <summary>Why the caller is not independent of this system and of <paramref name="requesterActorId"/> (separation of duties), or null.</summary>
    public Task<string?> IndependenceRefusalAsync(string requesterActorId, CancellationToken ct) =>
        _path.Access.IndependenceRefusalAsync(Caller, System, requesterActorId, ct);

    internal sealed record TouchedVersion(string SystemId, string? ModelVersionId, string Cause);
}
