using Attest.Engine.Hashing;
using System.Security.Cryptography;

namespace Attest.Engine.Ledger;

/// <summary>Where the members of one export entry line are (byte offsets into the line, which ends before its "\n").</summary>
internal struct EntryLineLayout
{
    /// <summary>Offset of <c>,"hash":</c>.</summary>
    public int HashMember;
    /// <summary>Offset of the 64 hex digits of hash, payload_sha256 and prev_hash.</summary>
    public int Hash, PayloadDigest, PrevHash;
    /// <summary>Offset of <c>,"payload":</c>, and of the payload value itself [PayloadStart, PayloadEnd).</summary>
    public int PayloadMember, PayloadStart, PayloadEnd;
    /// <summary>Offset of <c>,"payload_sha256":</c>.</summary>
    public int PayloadDigestMember;
    /// <summary>The action string's characters (between its quotes).</summary>
    public int ActionStart, ActionEnd;
    public long Seq;
}

/// <summary>
/// Reads an export entry line without building a JSON document: the members must appear in the one
/// canonical order with no whitespace, every string in its canonical escaping, hashes as lowercase hex,
/// seq as a plain integer. What the scanner cannot check by structure — that the fields and the payload
/// are the bytes that were hashed — the entry hash and payload digest then check: bytes whose SHA-256
/// matches are the bytes that were written. A line that does not scan is diagnosed by the slow path.
/// </summary>
internal static class EntryLineScanner
{
    private static readonly System.Buffers.SearchValues<byte> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef"u8);

    private static ReadOnlySpan<byte> ActionKey => "{\"action\":"u8;
    private static ReadOnlySpan<byte> ActorKey => ",\"actor\":"u8;
    private static ReadOnlySpan<byte> HashKey => ",\"hash\":"u8;
    private static ReadOnlySpan<byte> PayloadKey => ",\"payload\":"u8;
    private static ReadOnlySpan<byte> PayloadDigestKey => ",\"payload_sha256\":"u8;
    private static ReadOnlySpan<byte> PrevHashKey => ",\"prev_hash\":"u8;
    private static ReadOnlySpan<byte> SeqKey => ",\"seq\":"u8;
    private static ReadOnlySpan<byte> SubjectKey => ",\"subject\":"u8;
    private static ReadOnlySpan<byte> TimeKey => ",\"time\":"u8;

    public static bool LooksLikeEntry(ReadOnlySpan<byte> line) => line.StartsWith(ActionKey);

    /// <summary>True when <paramref name="line"/> (without its newline) has the exact layout of an entry line.</summary>
    /// <remarks>
    /// The members before the payload are read forwards and those after it backwards from the line's end, so
    /// the payload — the bulk of the line — is never scanned: its bytes are checked by its digest alone.
    /// Backwards is unambiguous: a member's opening bytes such as <c>,"subject":"</c> hold unescaped quotes,
    /// which cannot occur inside a JSON string, and the nearest one to the end is the top-level member.
    /// </remarks>
    public static bool TryScan(ReadOnlySpan<byte> line, out EntryLineLayout layout)
    {
        layout = default;
        var i = 0;
        if (!Expect(line, ref i, ActionKey)) return false;
        layout.ActionStart = i + 1;
        if (!SkipString(line, ref i)) return false;
        layout.ActionEnd = i - 1;
        if (!Expect(line, ref i, ActorKey) || !SkipString(line, ref i)) return false;
        layout.HashMember = i;
        if (!Expect(line, ref i, HashKey) || !Hex(line, ref i, out layout.Hash)) return false;
        layout.PayloadMember = i;
        if (!Expect(line, ref i, PayloadKey)) return false;
        layout.PayloadStart = i;

        // From the end: ,"time":"…28…"}
        var timeMember = line.Length - TimeKey.Length - 31;
        if (timeMember <= i || line[^1] != (byte)'}') return false;
        var t = timeMember;
        if (!Expect(line, ref t, TimeKey) || !Time(line, ref t) || t != line.Length - 1) return false;
        // ,"subject":"…"
        var subjectMember = line[i..timeMember].LastIndexOf(SubjectKey);
        if (subjectMember < 0) return false;
        subjectMember += i;
        var u = subjectMember + SubjectKey.Length;
        if (!SkipString(line, ref u) || u != timeMember) return false;
        // ,"seq":N
        var seqMember = line[i..subjectMember].LastIndexOf(SeqKey);
        if (seqMember < 0) return false;
        seqMember += i;
        var q = seqMember + SeqKey.Length;
        if (!Integer(line, ref q, out layout.Seq) || q != subjectMember) return false;
        // ,"payload_sha256":"…64…","prev_hash":"…64…"
        layout.PayloadDigestMember = seqMember - PrevHashKey.Length - 66 - PayloadDigestKey.Length - 66;
        if (layout.PayloadDigestMember <= layout.PayloadStart) return false;
        var d = layout.PayloadDigestMember;
        if (!Expect(line, ref d, PayloadDigestKey) || !Hex(line, ref d, out layout.PayloadDigest)) return false;
        if (!Expect(line, ref d, PrevHashKey) || !Hex(line, ref d, out layout.PrevHash) || d != seqMember) return false;
        layout.PayloadEnd = layout.PayloadDigestMember;
        // The payload itself: one JSON value, its exact bytes vouched for by payload_sha256.
        return IsValueStart(line[layout.PayloadStart]) && IsValueEnd(line[layout.PayloadEnd - 1]);
    }

    private static bool IsValueStart(byte b) => b is (byte)'{' or (byte)'[' or (byte)'"' or (byte)'t' or (byte)'f' or (byte)'n' or (byte)'-' or >= (byte)'0' and <= (byte)'9';

    private static bool IsValueEnd(byte b) => b is (byte)'}' or (byte)']' or (byte)'"' or (byte)'e' or (byte)'l' or >= (byte)'0' and <= (byte)'9';

    /// <summary>SHA-256 of the fields the entry hash covers: the line without its hash and payload members.</summary>
    public static void EntryHash(ReadOnlySpan<byte> line, in EntryLineLayout layout, Span<byte> destination, ref byte[] scratch, Sha256Context? sha = null)
    {
        var head = line[..layout.HashMember];
        var tail = line[layout.PayloadDigestMember..];
        if (sha is not null)
        {
            sha.Append(head);
            sha.Append(tail);
            sha.FinishAndReset(destination);
            return;
        }
        var length = head.Length + tail.Length;
        if (scratch.Length < length + 1) scratch = new byte[Math.Max(length + 1, scratch.Length * 2)];
        head.CopyTo(scratch);
        tail.CopyTo(scratch.AsSpan(head.Length));
        SHA256.HashData(scratch.AsSpan(0, length), destination);
    }

    /// <summary>The Merkle leaf hash: SHA-256(0x00 ‖ the line without its payload member).</summary>
    public static void LeafHash(ReadOnlySpan<byte> line, in EntryLineLayout layout, Span<byte> destination, ref byte[] scratch, Sha256Context? sha = null)
    {
        var head = line[..layout.PayloadMember];
        var tail = line[layout.PayloadDigestMember..];
        if (sha is not null)
        {
            sha.Append([0]);
            sha.Append(head);
            sha.Append(tail);
            sha.FinishAndReset(destination);
            return;
        }
        var length = 1 + head.Length + tail.Length;
        if (scratch.Length < length) scratch = new byte[Math.Max(length, scratch.Length * 2)];
        scratch[0] = 0;
        head.CopyTo(scratch.AsSpan(1));
        tail.CopyTo(scratch.AsSpan(1 + head.Length));
        SHA256.HashData(scratch.AsSpan(0, length), destination);
    }

    /// <summary>SHA-256 through <paramref name="sha"/> when given (a reused context: no allocation per hash), else one-shot.</summary>
    public static void Hash(ReadOnlySpan<byte> data, Span<byte> destination, Sha256Context? sha)
    {
        if (sha is null) SHA256.HashData(data, destination);
        else sha.Hash(data, destination);
    }

    /// <summary>True when the 64 lowercase hex digits at <paramref name="hexAt"/> spell <paramref name="digest"/>.</summary>
    public static bool HexEquals(ReadOnlySpan<byte> line, int hexAt, ReadOnlySpan<byte> digest)
    {
        Span<byte> hex = stackalloc byte[64];
        Convert.TryToHexStringLower(digest, hex, out _);
        return line.Slice(hexAt, 64).SequenceEqual(hex);
    }

    private static bool Expect(ReadOnlySpan<byte> line, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!line[i..].StartsWith(literal)) return false;
        i += literal.Length;
        return true;
    }

    private static bool Hex(ReadOnlySpan<byte> line, ref int i, out int digitsAt)
    {
        digitsAt = i + 1;
        if (line.Length < i + 66 || line[i] != (byte)'"' || line[i + 65] != (byte)'"') return false;
        if (line.Slice(i + 1, 64).ContainsAnyExcept(LowerHex)) return false;
        i += 66;
        return true;
    }

    private static bool Integer(ReadOnlySpan<byte> line, ref int i, out long value)
    {
        value = 0;
        var start = i;
        while (i < line.Length && line[i] is >= (byte)'0' and <= (byte)'9')
        {
            if (i - start >= 18) return false;
            value = value * 10 + (line[i] - '0');
            i++;
        }
        // No leading zeros, at least one digit, and seq starts at 1.
        return i > start && line[start] != (byte)'0';
    }

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffffZ" with digits where digits go (the entry hash checks the rest).</summary>
    private static bool Time(ReadOnlySpan<byte> line, ref int i)
    {
        if (line.Length < i + 30 || line[i] != (byte)'"' || line[i + 29] != (byte)'"') return false;
        var t = line.Slice(i + 1, 28);
        for (var k = 0; k < 28; k++)
        {
            var expected = k switch { 4 or 7 => (byte)'-', 10 => (byte)'T', 13 or 16 => (byte)':', 19 => (byte)'.', 27 => (byte)'Z', _ => (byte)0 };
            if (expected == 0 ? t[k] is < (byte)'0' or > (byte)'9' : t[k] != expected) return false;
        }
        i += 30;
        return true;
    }

    /// <summary>A string in its RFC 8785 form: no raw control characters, only the escapes canonical JSON uses.</summary>
    private static bool SkipString(ReadOnlySpan<byte> line, ref int i)
    {
        if (i >= line.Length || line[i] != (byte)'"') return false;
        i++;
        while (true)
        {
            var rest = line[i..];
            var stop = rest.IndexOfAny((byte)'"', (byte)'\\');
            if (stop < 0) return false;
            if (rest[..stop].IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0) return false;
            i += stop;
            if (line[i] == (byte)'"')
            {
                i++;
                return true;
            }
            if (i + 1 >= line.Length) return false;
            switch (line[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    // Only control characters without a short escape are written as \u00xx (lowercase).
                    if (line.Length < i + 6 || line[i + 2] != (byte)'0' || line[i + 3] != (byte)'0' || line[i + 4] is not ((byte)'0' or (byte)'1')) return false;
                    var low = line[i + 5];
                    var value = (line[i + 4] - '0') * 16 + (low is >= (byte)'0' and <= (byte)'9' ? low - '0' : low is >= (byte)'a' and <= (byte)'f' ? low - 'a' + 10 : -1);
                    if (value < 0 || value is 0x08 or 0x09 or 0x0a or 0x0c or 0x0d) return false;
                    i += 6;
                    break;
                default:
                    return false;
            }
        }
    }
}
