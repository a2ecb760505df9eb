namespace Attest.Engine.Ledger;

/// <summary>A growable array of 32-byte hashes in one flat buffer (no per-hash object for a million leaves).</summary>
internal sealed class HashList
{
    private byte[] _buffer = new byte[MerkleHashing.HashSize * 16];

    public long Count { get; private set; }

    public ReadOnlySpan<byte> this[long index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _buffer.AsSpan(checked((int)(index * MerkleHashing.HashSize)), MerkleHashing.HashSize);
        }
    }

    /// <summary>Reserves the next <paramref name="count"/> slots and returns them for the caller to fill.</summary>
    public Span<byte> AddSlots(int count)
    {
        var offset = checked((int)(Count * MerkleHashing.HashSize));
        var needed = checked(offset + count * MerkleHashing.HashSize);
        if (needed > _buffer.Length)
            Array.Resize(ref _buffer, Math.Max(checked(_buffer.Length * 2), needed));
        Count += count;
        return _buffer.AsSpan(offset, count * MerkleHashing.HashSize);
    }

    /// <summary>The two adjacent hashes at <paramref name="index"/> and the one after it (64 bytes).</summary>
    public ReadOnlySpan<byte> Pair(long index) => _buffer.AsSpan(checked((int)(index * MerkleHashing.HashSize)), 2 * MerkleHashing.HashSize);

    /// <summary>A slot already reserved, to fill.</summary>
    public Span<byte> Slot(long index) => _buffer.AsSpan(checked((int)(index * MerkleHashing.HashSize)), MerkleHashing.HashSize);

    /// <summary>Reserves the next slot and returns it for the caller to fill.</summary>
    public Span<byte> AddSlot()
    {
        var offset = checked((int)(Count * MerkleHashing.HashSize));
        if (offset + MerkleHashing.HashSize > _buffer.Length)
            Array.Resize(ref _buffer, checked(Math.Max(_buffer.Length * 2, offset + MerkleHashing.HashSize)));
        Count++;
        return _buffer.AsSpan(offset, MerkleHashing.HashSize);
    }
}
