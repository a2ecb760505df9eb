using System.Globalization;

namespace Attest.Core.Features.Oversight;

/// <summary>How the review queue and the decision log behave (server settings <c>Attest:Oversight:*</c>).</summary>
/// <param name="ClaimLease">How long a claim holds an item before it returns to pending (default 30 minutes).</param>
/// <param name="ExpireAfter">How long an unresolved item stays open before it is expired (default 30 days).</param>
/// <param name="SqliteSynchronous">
/// SQLite's <c>synchronous</c> setting for decision ingest on the embedded database: <c>full</c> (default: every commit is
/// on disk before it is acknowledged, surviving power loss) or <c>normal</c> (WAL mode's recommended setting: a commit
/// survives a crash of Attest at once and reaches the disk at the next WAL checkpoint; an operating-system crash or power
/// loss may lose the last acknowledged batches).
/// </param>
public sealed record OversightSettings(TimeSpan ClaimLease, TimeSpan ExpireAfter, string SqliteSynchronous)
{
    public static OversightSettings Default { get; } = new(TimeSpan.FromMinutes(30), TimeSpan.FromDays(30), "full");

    /// <summary>From configuration values by key (<c>Attest:Oversight:ClaimLease</c> …); anything unreadable keeps its default.</summary>
    public static OversightSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var lease = Span(setting("Attest:Oversight:ClaimLease")) ?? Default.ClaimLease;
        var expire = Span(setting("Attest:Oversight:ExpireAfter")) ?? Default.ExpireAfter;
        var synchronous = setting("Attest:Oversight:SqliteSynchronous")?.Trim().ToLowerInvariant() switch
        {
            "normal" => "normal",
            "full" or null or "" => "full",
            var other => throw new ArgumentException($"Attest:Oversight:SqliteSynchronous must be full or normal, not '{other}'."),
        };
        return new OversightSettings(lease, expire, synchronous);
    }

    private static TimeSpan? Span(string? text) =>
        text is null ? null
        : Engine.Oversight.ReviewDuration.Parse(text) is { } d ? d
        : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var t) && t > TimeSpan.Zero ? t
        : throw new ArgumentException($"'{text}' is not a duration (such as 30m, 4h, 2d or 00:30:00).");
}
