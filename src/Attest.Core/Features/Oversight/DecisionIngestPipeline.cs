using System.Threading.Channels;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Governance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Group commit for decision ingest. Requests wait in a queue; one writer takes the next one and every waiting request of
/// the same caller for the same system (up to <see cref="DecisionBodyReader.MaxBatch"/> decisions), records them in one
/// governed change — one transaction, one Merkle batch, one ledger entry — and answers each request only after the commit.
/// A production system asking "may I act on this?" one decision at a time thus shares commits (and their fsync) with the
/// requests that arrived meanwhile, instead of paying a transaction each; the ledger grows by commits, not by decisions.
/// </summary>
public sealed class DecisionIngestPipeline : IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly OversightSettings _settings;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(1024) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _start = new();
    private Task? _writer;

    public DecisionIngestPipeline(IServiceScopeFactory scopes, OversightSettings settings)
    {
        _scopes = scopes;
        _settings = settings;
    }

    /// <summary>Records the decisions of <paramref name="body"/>; the answer comes after they are committed (or refused).</summary>
    public async Task<Result<IngestResponse>> SubmitAsync(CallerIdentity caller, DecisionBody body, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(body);
        if (body.Problem != DecisionBodyProblem.None || body.Decisions.Count == 0)
            throw new ArgumentException("Only a body that read without problems is submitted.", nameof(body));
        EnsureStarted();
        var pending = new Pending(caller, Key(caller, body.System), body, new TaskCompletionSource<Result<IngestResponse>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _queue.Writer.WriteAsync(pending, ct);
        // A caller that goes away still gets its decisions recorded once they are queued; a retry is then a duplicate.
        return await pending.Done.Task.WaitAsync(ct);
    }

    private void EnsureStarted()
    {
        if (_writer is not null) return;
        lock (_start)
            _writer ??= Task.Run(WriteAsync);
    }

    private async Task WriteAsync()
    {
        var reader = _queue.Reader;
        var deferred = new LinkedList<Pending>();
        while (true)
        {
            Pending first;
            if (deferred.First is { } head)
            {
                first = head.Value;
                deferred.RemoveFirst();
            }
            else
            {
                if (!await reader.WaitToReadAsync()) return;
                if (!reader.TryRead(out first!)) continue;
            }
            var group = new List<Pending> { first };
            var count = first.Body.Decisions.Count;
            for (var node = deferred.First; node is not null && count < DecisionBodyReader.MaxBatch;)
            {
                var next = node.Next;
                if (node.Value.Key == first.Key && count + node.Value.Body.Decisions.Count <= DecisionBodyReader.MaxBatch)
                {
                    group.Add(node.Value);
                    count += node.Value.Body.Decisions.Count;
                    deferred.Remove(node);
                }
                node = next;
            }
            while (count < DecisionBodyReader.MaxBatch && reader.TryRead(out var more))
            {
                if (more.Key == first.Key && count + more.Body.Decisions.Count <= DecisionBodyReader.MaxBatch)
                {
                    group.Add(more);
                    count += more.Body.Decisions.Count;
                }
                else
                {
                    deferred.AddLast(more);
                }
            }
            await RecordGroupAsync(group);
        }
    }

    private async Task RecordGroupAsync(List<Pending> group)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AttestDbContext>();
            var relaxed = db.Provider == DatabaseProvider.Sqlite && _settings.SqliteSynchronous == "normal";
            if (relaxed)
            {
                // The setting belongs to the connection: hold one for the change and give it back as it was.
                await db.Database.OpenConnectionAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;");
            }
            try
            {
                var results = await scope.ServiceProvider.GetRequiredService<IngestDecisions>()
                    .ExecuteAsync(group[0].Caller, group.Select(p => p.Body).ToList(), CancellationToken.None);
                for (var i = 0; i < group.Count; i++) group[i].Done.TrySetResult(results[i]);
            }
            finally
            {
                if (relaxed)
                {
                    await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;");
                    await db.Database.CloseConnectionAsync();
                }
            }
        }
        catch (Exception e)
        {
            foreach (var p in group) p.Done.TrySetException(e);
        }
    }

    // Requests share a change only when the same caller (same actor, roles and scope) logs for the same system.
    private static string Key(CallerIdentity caller, string system) =>
        $"{caller.Actor.Id}\n{caller.UserId}\n{caller.SystemId}\n{string.Join(',', caller.Roles)}\n{system}";

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null) await _writer;
    }

    private sealed record Pending(CallerIdentity Caller, string Key, DecisionBody Body, TaskCompletionSource<Result<IngestResponse>> Done);
}
