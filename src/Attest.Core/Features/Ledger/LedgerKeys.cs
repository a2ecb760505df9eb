using Attest.Core.Data;

namespace Attest.Core.Features.Ledger;

/// <summary>
/// The one key ring of this data directory, shared by every request (a singleton): signing is
/// serialised by the ring's own lock, and a rotation by another process is picked up when it signs.
/// </summary>
public sealed class LedgerKeys(DatabaseSettings settings, TimeProvider time, LedgerSigningSettings signing)
{
    private readonly Lock _gate = new();
    private LedgerKeyRing? _ring;

    public string DataDirectory => settings.DataDirectory;

    /// <summary>Where the signing key comes from (the data directory unless configured otherwise).</summary>
    public LedgerSigningSettings Signing => signing;

    /// <summary>Whether the data directory has a key ring yet (the first checkpoint creates it).</summary>
    public bool Exists => LedgerKeyRing.Exists(settings.DataDirectory);

    /// <summary>The ring, created with its first key when the data directory has none.</summary>
    public LedgerKeyRing Ring
    {
        get
        {
            lock (_gate) return _ring ??= LedgerKeyRing.OpenOrCreate(settings.DataDirectory, time, signing);
        }
    }

    /// <summary>
    /// The ring as it is on disk now (another process may have rotated the key), or null when there
    /// is none yet. For reading public keys; signing goes through <see cref="Ring"/>.
    /// </summary>
    public LedgerKeyRing? ReadCurrent() => Exists ? LedgerKeyRing.Open(settings.DataDirectory) : null;
}
