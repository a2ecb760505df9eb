using System.Security.Cryptography;

namespace Attest.Engine.Ledger;

/// <summary>
/// The RFC 6962 / RFC 9162 (§2.1.1) Merkle tree hash functions with SHA-256. The 0x00 / 0x01 prefixes
/// keep a leaf from ever being passed off as an interior node (second-preimage resistance).
/// </summary>
public static class MerkleHashing
{
    public const int HashSize = 32;

    /// <summary>MTH({}) = SHA-256 of the empty string: the root of a tree with no leaves.</summary>
    public static byte[] EmptyRoot() => SHA256.HashData(ReadOnlySpan<byte>.Empty);

    /// <summary>MTH({d}) = SHA-256(0x00 ‖ d).</summary>
    public static byte[] LeafHash(ReadOnlySpan<byte> leafInput)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([0x00]);
        hash.AppendData(leafInput);
        return hash.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 ‖ left ‖ right).</summary>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        var output = new byte[HashSize];
        NodeHash(left, right, output);
        return output;
    }

    public static void NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> destination)
    {
        if (left.Length != HashSize || right.Length != HashSize)
            throw new ArgumentException($"Merkle node children must be {HashSize}-byte hashes.");
        Span<byte> buffer = stackalloc byte[1 + 2 * HashSize];
        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        SHA256.HashData(buffer, destination);
    }

    /// <summary>
    /// The leaf input of a ledger entry: the UTF-8 bytes of the canonical JSON of the whole entry,
    /// hash included — byte for byte the entry's line in an export.
    /// </summary>
    public static byte[] LedgerLeafInput(LedgerRecord record) => CanonicalJson.ToUtf8Bytes(LedgerHashing.ToJson(record));

    public static byte[] LedgerLeafHash(LedgerRecord record) => LeafHash(LedgerLeafInput(record));

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n ≥ 2): RFC 9162's split point k.</summary>
    internal static long SplitPoint(long n)
    {
        if (n < 2) throw new ArgumentOutOfRangeException(nameof(n), n, "A split needs at least two leaves.");
        return 1L << (63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(n - 1)));
    }
}
