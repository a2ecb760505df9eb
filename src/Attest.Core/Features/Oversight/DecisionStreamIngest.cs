using System.Globalization;
using Attest.Core.Governance;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NATS.Client.JetStream;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// An ingest worker of the queued path: fetches accepted batches from the decision stream's shared durable pull consumer,
/// records those of one caller and system together — up to <see cref="DecisionStreamSettings.MaxDecisionsPerCommit"/>
/// decisions in one governed change, one Merkle batch, one ledger entry — through <see cref="IngestDecisions"/>, and
/// acknowledges each message only after its change committed. A message delivered again (a worker died before its ack,
/// an ack was lost) is recorded again as duplicates, which write nothing: exactly once in the database. A change that
/// fails (the database away) is not acknowledged and comes back after a short delay. A batch refused at recording — only
/// possible when something changed since it was accepted (the key revoked, the same external id accepted twice with two
/// bodies at once) — is logged as an error with its stream sequence and removed from the stream; the first body wins, as
/// on the direct path.
/// </summary>
public sealed class DecisionStreamIngest(DecisionStream stream, IServiceScopeFactory scopes, ILogger<DecisionStreamIngest> log)
{
    private const int FetchMessages = 64;

    /// <summary>Decisions recorded by this worker (new ones and duplicates), for tests and metrics.</summary>
    public long Recorded => Interlocked.Read(ref _recorded);

    private long _recorded;

    public async Task RunAsync(CancellationToken ct)
    {
        INatsJSConsumer? consumer = null;
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                consumer ??= await stream.ConsumerAsync(ct);
                var fetched = new List<INatsJSMsg<byte[]>>(FetchMessages);
                await foreach (var message in consumer.FetchAsync<byte[]>(new NatsJSFetchOpts { MaxMsgs = FetchMessages, Expires = TimeSpan.FromSeconds(1) }, cancellationToken: ct))
                    fetched.Add(message);
                if (fetched.Count > 0) await RecordAsync(fetched, ct);
                failures = 0;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // NATS away (the connection reconnects by itself) or the database away: wait a little and fetch again.
                // Nothing was acknowledged, so nothing is lost.
                if (failures++ % 20 == 0)
                    log.LogWarning("Decision stream ingest: {Problem}; retrying.", e.Message);
                consumer = null;
                try { await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * failures)), ct); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private async Task RecordAsync(List<INatsJSMsg<byte[]>> fetched, CancellationToken ct)
    {
        var readable = new List<(INatsJSMsg<byte[]> Message, CallerIdentity Caller, DecisionBody Body, string Key)>(fetched.Count);
        foreach (var message in fetched)
        {
            var caller = DecisionStream.CallerOf(Header(message, DecisionStream.CallerHeader));
            var readAt = long.TryParse(Header(message, DecisionStream.ReadAtHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                ? new DateTimeOffset(ticks, TimeSpan.Zero) : (DateTimeOffset?)null;
            var body = caller is null || readAt is null || message.Data is null ? null : DecisionBodyReader.Read(message.Data, readAt.Value);
            if (body is null || body.Problem != DecisionBodyProblem.None || body.Decisions.Count == 0)
            {
                log.LogError("Decision stream message {Sequence} is not a batch Attest accepted (no caller, time or readable body); removed from the stream.", Sequence(message));
                await message.AckTerminateAsync(cancellationToken: ct);
                continue;
            }
            readable.Add((message, caller!, body, $"{caller!.Actor.Id}\n{caller.UserId}\n{caller.SystemId}\n{string.Join(',', caller.Roles)}\n{body.System}"));
        }
        // Groups of one caller and system, in stream order, each at most MaxDecisionsPerCommit decisions.
        foreach (var byKey in readable.GroupBy(r => r.Key, StringComparer.Ordinal))
        {
            var group = new List<(INatsJSMsg<byte[]> Message, CallerIdentity Caller, DecisionBody Body, string Key)>();
            var count = 0;
            foreach (var item in byKey)
            {
                if (group.Count > 0 && count + item.Body.Decisions.Count > stream.Settings.MaxDecisionsPerCommit)
                {
                    await RecordGroupAsync(group, ct);
                    group.Clear();
                    count = 0;
                }
                group.Add(item);
                count += item.Body.Decisions.Count;
            }
            if (group.Count > 0) await RecordGroupAsync(group, ct);
        }
    }

    private async Task RecordGroupAsync(List<(INatsJSMsg<byte[]> Message, CallerIdentity Caller, DecisionBody Body, string Key)> group, CancellationToken ct)
    {
        IReadOnlyList<Common.Result<IngestResponse>> results;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            results = await scope.ServiceProvider.GetRequiredService<IngestDecisions>().ExecuteAsync(group[0].Caller, group.Select(g => g.Body).ToList(), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Not committed: deliver again soon (another worker may take it). Two workers racing on the same external id end
            // here too (the unique index refuses the second); the redelivery then finds duplicates.
            log.LogWarning("Decision stream ingest: {Count} message(s) not recorded ({Problem}); they will be delivered again.", group.Count, e.Message);
            foreach (var g in group)
                await g.Message.NakAsync(new AckOpts { NakDelay = TimeSpan.FromSeconds(1) }, ct);
            return;
        }
        for (var i = 0; i < group.Count; i++)
        {
            var (message, _, body, _) = group[i];
            if (results[i].IsOk)
            {
                Interlocked.Add(ref _recorded, body.Decisions.Count);
                await message.AckAsync(cancellationToken: ct);
            }
            else
            {
                log.LogError("Decision stream message {Sequence} ({Count} decisions of '{System}') was refused at recording: {Reason} It is removed from the stream.",
                    Sequence(message), body.Decisions.Count, body.System, results[i].Message);
                await message.AckTerminateAsync(cancellationToken: ct);
            }
        }
    }

    private static string? Header(INatsJSMsg<byte[]> message, string name) =>
        message.Headers is { } headers && headers.TryGetValue(name, out var values) ? values.ToString() : null;

    private static ulong Sequence(INatsJSMsg<byte[]> message) => message.Metadata?.Sequence.Stream ?? 0;
}
