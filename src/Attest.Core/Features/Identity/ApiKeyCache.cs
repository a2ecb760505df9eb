using System.Collections.Concurrent;
using Attest.Core.Governance;

namespace Attest.Core.Features.Identity;

/// <summary>
/// API keys that authenticated recently, by the SHA-256 of the presented secret, so a request usually costs no database
/// query to authenticate (a production system asking about one decision at a time makes a thousand requests a second).
/// <para>
/// The security bound: a key revoked on this instance is refused at once (<see cref="Forget"/>); a key revoked on another
/// instance sharing the database is refused at most <see cref="RevocationCheckInterval"/> later. Every that often, one
/// request reads the key table's revision — how many keys exist and how many are revoked, one aggregate query — and
/// forgets every remembered key when it changed. An entry also lives at most <see cref="EntryLifetime"/> (then the key is
/// read again, and its last-used time written at most once a minute as before), and a key past its expiry is refused
/// from memory too. Only keys that authenticated are remembered: wrong, revoked and expired secrets always ask the
/// database.
/// </para>
/// </summary>
public sealed class ApiKeyCache(TimeProvider time)
{
    /// <summary>How late a revocation on another instance may take effect here.</summary>
    public static readonly TimeSpan RevocationCheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a remembered key is used before it is read from the database again.</summary>
    public static readonly TimeSpan EntryLifetime = TimeSpan.FromSeconds(30);

    private const long Unknown = long.MinValue;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private long _revision = Unknown;
    private long _checkedAt = long.MinValue;
    private long _tickets;
    private long _applied;

    /// <summary>The caller a remembered key stands for, or null when the database must be asked (not remembered, too old, or the revocation check is due).</summary>
    public CallerIdentity? TryGet(string secretHash)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        var now = time.GetUtcNow().UtcTicks;
        if (CheckDue(now) || !_entries.TryGetValue(secretHash, out var entry)) return null;
        if (entry.Revision != Volatile.Read(ref _revision) || now >= entry.Until || entry.ExpiresAt is { } expiry && now >= expiry) return null;
        return entry.Caller;
    }

    /// <summary>Whether the key table's revision must be read before a remembered key is used.</summary>
    public bool CheckDue() => CheckDue(time.GetUtcNow().UtcTicks);

    private bool CheckDue(long now) => Volatile.Read(ref _revision) == Unknown || now - Volatile.Read(ref _checkedAt) >= RevocationCheckInterval.Ticks;

    /// <summary>Starts a revision check: call before reading the revision, and hand the ticket to <see cref="Observed"/>.</summary>
    public long BeginCheck() => Interlocked.Increment(ref _tickets);

    /// <summary>The key table's revision as read by the check <paramref name="ticket"/>; a change forgets every remembered key.</summary>
    public void Observed(long ticket, long revision)
    {
        lock (_lock)
        {
            // A check that started before a later check (or a local revocation) was applied says nothing newer.
            if (ticket <= _applied) return;
            _applied = ticket;
            if (revision != _revision)
            {
                _entries.Clear();
                _revision = revision;
            }
            _checkedAt = time.GetUtcNow().UtcTicks;
        }
    }

    /// <summary>The revision remembered entries are tagged with: read it before reading a key from the database.</summary>
    public long Revision => Volatile.Read(ref _revision);

    /// <summary>
    /// Remembers a key that just authenticated, read from the database after <paramref name="revision"/> was current; nothing
    /// is remembered when the revision changed meanwhile (the key may have been revoked since it was read).
    /// </summary>
    public void Remember(string secretHash, CallerIdentity caller, DateTimeOffset? expiresAt, long revision)
    {
        ArgumentNullException.ThrowIfNull(secretHash);
        ArgumentNullException.ThrowIfNull(caller);
        if (revision == Unknown) return;
        var until = time.GetUtcNow().UtcTicks + EntryLifetime.Ticks;
        lock (_lock)
        {
            if (revision != _revision) return;
            _entries[secretHash] = new Entry(caller, revision, until, expiresAt?.UtcTicks);
        }
    }

    /// <summary>A key was revoked here: forget every remembered key and read the revision again before trusting any.</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _entries.Clear();
            _revision = Unknown;
            _checkedAt = long.MinValue;
            _applied = Interlocked.Increment(ref _tickets);
        }
    }

    private sealed record Entry(CallerIdentity Caller, long Revision, long Until, long? ExpiresAt);
}
