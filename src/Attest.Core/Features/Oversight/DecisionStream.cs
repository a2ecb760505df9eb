using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Governance;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Attest.Core.Features.Oversight;

/// <summary>The configured NATS server cannot be reached, or its JetStream refused the stream: the server does not start.</summary>
public sealed class DecisionStreamUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The JetStream stream that holds accepted decision batches until an ingest worker has committed them
/// (<see cref="DecisionStreamSettings"/>). One connection per instance. The stream is a work queue (a message leaves it
/// when a worker acknowledges it) limited in bytes and messages with "discard new": when workers fall behind, a new batch
/// is refused — the caller gets 503 and retries — and nothing already accepted is ever dropped. Every instance shares one
/// durable pull consumer, so batches spread over the workers of all instances.
/// </summary>
public sealed class DecisionStream(DecisionStreamSettings settings) : IAsyncDisposable
{
    /// <summary>Headers of a queued batch: who sent it (the caller as the write path sees it) and when it was read.</summary>
    public const string CallerHeader = "Attest-Caller";
    public const string ReadAtHeader = "Attest-Read-At";

    private NatsConnection? _connection;
    private NatsJSContext? _js;

    public DecisionStreamSettings Settings => settings;

    public bool Enabled => settings.Enabled;

    /// <summary>Whether the connection to NATS is open now (for <c>/ready</c>).</summary>
    public bool Reachable => _connection?.ConnectionState == NatsConnectionState.Open;

    /// <summary>Connects and makes sure the stream and the shared consumer exist, as configured. Fails with one clear sentence.</summary>
    public async Task StartAsync(CancellationToken ct)
    {
        if (!Enabled || _connection is not null) return;
        var connection = new NatsConnection(NatsOpts.Default with
        {
            Url = settings.Url!,
            Name = "attest",
            ConnectTimeout = TimeSpan.FromSeconds(3),
            // While NATS is away a publish fails at once (the caller gets 503) instead of waiting for the reconnect.
            PublishTimeoutOnDisconnected = true,
            RequestTimeout = settings.PublishTimeout,
            MaxReconnectRetry = -1,
            ReconnectWaitMin = TimeSpan.FromMilliseconds(200),
            ReconnectWaitMax = TimeSpan.FromSeconds(2),
        });
        try
        {
            await connection.ConnectAsync();
        }
        catch (Exception e) when (e is NatsException or TimeoutException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            await connection.DisposeAsync();
            throw new DecisionStreamUnavailableException($"--nats {settings.Url}: cannot connect to NATS ({Innermost(e)}). Start nats-server with -js, or leave out --nats to record decisions directly.", e);
        }
        var js = new NatsJSContext(connection);
        try
        {
            await js.CreateOrUpdateStreamAsync(new StreamConfig(settings.Stream, [settings.Subject])
            {
                Retention = StreamConfigRetention.Workqueue,
                Discard = StreamConfigDiscard.New,
                Storage = StreamConfigStorage.File,
                MaxBytes = settings.MaxBytes,
                MaxMsgs = settings.MaxMessages,
                DuplicateWindow = TimeSpan.FromMinutes(2),
            }, ct);
            await js.CreateOrUpdateConsumerAsync(settings.Stream, new ConsumerConfig(DecisionStreamSettings.Consumer)
            {
                DurableName = DecisionStreamSettings.Consumer,
                AckPolicy = ConsumerConfigAckPolicy.Explicit,
                AckWait = settings.AckWait,
                MaxAckPending = 10_000,
                MaxDeliver = -1,
            }, ct);
        }
        catch (Exception e) when (e is NatsException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new DecisionStreamUnavailableException($"--nats {settings.Url}: NATS answered but JetStream refused the stream '{settings.Stream}' ({Innermost(e)}). Start nats-server with -js.", e);
        }
        _js = js;
        _connection = connection;
    }

    /// <summary>The shared durable pull consumer the ingest workers fetch from.</summary>
    public ValueTask<INatsJSConsumer> ConsumerAsync(CancellationToken ct) =>
        (_js ?? throw new InvalidOperationException("The decision stream is not started.")).GetConsumerAsync(settings.Stream, DecisionStreamSettings.Consumer, ct);

    /// <summary>
    /// Puts an accepted body on the stream, split into messages under the server's payload limit when it is larger (each
    /// a batch body of whole decisions). Ok with the stream sequences once JetStream has stored every part; Unavailable
    /// when NATS is away or the stream is full. A part stored before a later one failed is recorded all the same; the
    /// caller's retry is then a duplicate of it, which ingest answers as such.
    /// </summary>
    internal async Task<Result<IReadOnlyList<ulong>>> PublishAsync(CallerIdentity caller, ReadOnlyMemory<byte> body, DecisionBody read, DateTimeOffset readAt, CancellationToken ct)
    {
        var js = _js ?? throw new InvalidOperationException("The decision stream is not started.");
        if (!Reachable)
            return Unavailable("NATS is unreachable");
        var headers = new NatsHeaders
        {
            [CallerHeader] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(CallerEnvelope.From(caller))),
            [ReadAtHeader] = readAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var limit = (_connection!.ServerInfo?.MaxPayload ?? 1024 * 1024) - 4096;
        var parts = body.Length <= limit ? [body] : Split(body, limit);
        var sequences = new List<ulong>(parts.Count);
        var offset = 0;
        foreach (var part in parts)
        {
            // The same decisions from the same caller get the same message id: a retry within two minutes is stored once.
            var count = parts.Count == 1 ? read.Decisions.Count : CountDecisions(part);
            var id = MessageId(caller, read, offset, count);
            offset += count;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(settings.PublishTimeout);
            try
            {
                var ack = await js.PublishAsync(settings.Subject, part, opts: new NatsJSPubOpts { MsgId = id, RetryAttempts = 1 }, headers: headers, cancellationToken: timeout.Token);
                // A duplicate (the same part sent again within the window) is stored already: as good as stored now.
                if (!ack.Duplicate) ack.EnsureSuccess();
                sequences.Add(ack.Seq);
            }
            catch (NatsJSApiException e) when (e.Error.ErrCode is 10077 or 10047 or 10028)
            {
                return Unavailable($"the decision stream is full ({e.Error.Description}): ingest workers are behind");
            }
            catch (Exception e) when (e is NatsException or TimeoutException || (e is OperationCanceledException && !ct.IsCancellationRequested))
            {
                return Unavailable($"NATS did not confirm the batch ({Innermost(e)})");
            }
        }
        return Result<IReadOnlyList<ulong>>.Ok(sequences);

        Result<IReadOnlyList<ulong>> Unavailable(string why) =>
            Result<IReadOnlyList<ulong>>.Unavailable($"The decisions were not accepted: {why}. Nothing of this request is lost by retrying it in {settings.RetryAfterSeconds} seconds (a retry of what was stored is a duplicate).");
    }

    private static string MessageId(CallerIdentity caller, DecisionBody read, int offset, int count)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(caller.Actor.Id + "\n" + read.System + "\n"));
        for (var i = offset; i < offset + count && i < read.Decisions.Count; i++)
            hash.AppendData(Encoding.UTF8.GetBytes(read.Decisions[i].ExternalId + "\n" + read.Decisions[i].BodySha256 + "\n"));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    // Whole decisions of the batch, re-wrapped as batch bodies of at most `limit` bytes (one decision is always far smaller).
    private static List<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> body, int limit)
    {
        using var document = JsonDocument.Parse(body);
        var parts = new List<ReadOnlyMemory<byte>>();
        var buffer = new MemoryStream();
        void Open()
        {
            buffer = new MemoryStream();
            buffer.Write("{\"decisions\":["u8);
        }
        void Close()
        {
            buffer.Write("]}"u8);
            parts.Add(buffer.ToArray());
        }
        Open();
        var inPart = 0;
        foreach (var decision in document.RootElement.GetProperty("decisions").EnumerateArray())
        {
            var raw = Encoding.UTF8.GetBytes(decision.GetRawText());
            if (inPart > 0 && buffer.Length + raw.Length + 3 > limit)
            {
                Close();
                Open();
                inPart = 0;
            }
            if (inPart > 0) buffer.WriteByte((byte)',');
            buffer.Write(raw);
            inPart++;
        }
        Close();
        return parts;
    }

    private static int CountDecisions(ReadOnlyMemory<byte> part)
    {
        using var document = JsonDocument.Parse(part);
        return document.RootElement.GetProperty("decisions").GetArrayLength();
    }

    /// <summary>The caller a queued batch was accepted from, as its message header carries it.</summary>
    internal static CallerIdentity? CallerOf(string? header)
    {
        if (string.IsNullOrEmpty(header)) return null;
        try
        {
            var envelope = JsonSerializer.Deserialize<CallerEnvelope>(Convert.FromBase64String(header));
            return envelope?.ToCaller();
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e.Message.TrimEnd('.');
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null) await _connection.DisposeAsync();
        _connection = null;
    }

    private sealed record CallerEnvelope(string ActorId, string ActorName, string[] Roles, string[] Specialties, string? SystemId, string? UserId)
    {
        public static CallerEnvelope From(CallerIdentity c) => new(c.Actor.Id, c.Actor.DisplayName, [.. c.Roles], [.. c.Specialties], c.SystemId, c.UserId);

        public CallerIdentity ToCaller() => new(new Actor(ActorId, ActorName), Roles, Specialties, SystemId, UserId);
    }
}
