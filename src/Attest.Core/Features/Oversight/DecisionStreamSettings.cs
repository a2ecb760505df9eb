using System.Globalization;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Decision ingest through a NATS JetStream stream (server settings <c>Attest:Nats:*</c>; <c>attest serve --nats URL</c>).
/// Without a URL the direct path records each request before it answers.
/// </summary>
/// <param name="Url">The NATS server(s), such as <c>nats://127.0.0.1:4222</c> (several separated by commas); null: no stream.</param>
/// <param name="Stream">The JetStream stream that holds accepted batches until an ingest worker has committed them.</param>
/// <param name="MaxBytes">The stream's size limit: past it, new batches are refused (503 with Retry-After), never dropped.</param>
/// <param name="MaxMessages">The stream's message limit, likewise.</param>
/// <param name="RetryAfterSeconds">What a 503 of the queued path asks the caller to wait.</param>
/// <param name="PublishTimeout">How long a request waits for the stream's acknowledgement before it is answered 503.</param>
/// <param name="Consume">Whether this instance runs an ingest worker (every instance does by default).</param>
/// <param name="MaxDecisionsPerCommit">How many queued decisions a worker records in one transaction, one Merkle batch.</param>
/// <param name="AckWait">How long the stream waits for a worker's acknowledgement before it delivers a batch again.</param>
public sealed record DecisionStreamSettings(
    string? Url,
    string Stream,
    long MaxBytes,
    long MaxMessages,
    int RetryAfterSeconds,
    TimeSpan PublishTimeout,
    bool Consume,
    int MaxDecisionsPerCommit,
    TimeSpan AckWait)
{
    public const string Consumer = "attest-ingest";

    /// <summary>The subject batches are published on: one per stream, so several installations can share a NATS server.</summary>
    public string Subject => "attest.decisions." + Stream.ToLowerInvariant();

    public static DecisionStreamSettings Default { get; } = new(null, "ATTEST_DECISIONS", 1L << 30, 1_000_000, 2, TimeSpan.FromSeconds(5), true, 20_000, TimeSpan.FromMinutes(2));

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    /// <summary>From configuration values by key (<c>Attest:Nats:Url</c>, else ATTEST_NATS …); bad values fail the start naming the key.</summary>
    public static DecisionStreamSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var url = setting("Attest:Nats:Url") ?? Environment.GetEnvironmentVariable("ATTEST_NATS");
        return new DecisionStreamSettings(
            string.IsNullOrWhiteSpace(url) ? null : url.Trim(),
            setting("Attest:Nats:Stream") is { Length: > 0 } stream ? stream : Default.Stream,
            Number(setting, "Attest:Nats:MaxBytes", Default.MaxBytes),
            Number(setting, "Attest:Nats:MaxMessages", Default.MaxMessages),
            (int)Number(setting, "Attest:Nats:RetryAfterSeconds", Default.RetryAfterSeconds),
            TimeSpan.FromMilliseconds(Number(setting, "Attest:Nats:PublishTimeoutMs", (long)Default.PublishTimeout.TotalMilliseconds)),
            setting("Attest:Nats:Consume") is not { } consume || !bool.TryParse(consume, out var c) || c,
            (int)Number(setting, "Attest:Nats:MaxDecisionsPerCommit", Default.MaxDecisionsPerCommit),
            TimeSpan.FromSeconds(Number(setting, "Attest:Nats:AckWaitSeconds", (long)Default.AckWait.TotalSeconds)));
    }

    private static long Number(Func<string, string?> setting, string key, long fallback) =>
        setting(key) is not { } text ? fallback
        : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"{key} must be a positive whole number, not '{text}'.");
}
