using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Attest.Engine.Ledger;

namespace Attest.Engine.Oversight;

/// <summary>
/// Canonical JSON (the rules of <see cref="CanonicalJson"/>: keys sorted by UTF-16 code units, minimal escaping, numbers
/// as ECMAScript prints them) written as UTF-8 bytes straight from JSON text, in one pass of a <see cref="Utf8JsonReader"/>
/// into a buffer this writer keeps and reuses: no strings per property, no tree. An object's members are written in the
/// order they come and reordered in place when the object ends, only if they were out of order. The output is byte for
/// byte what <see cref="CanonicalText"/> (and so <see cref="CanonicalJson"/>) writes for the same value; a property test
/// holds them together. Not thread-safe: one writer per thread.
/// </summary>
public sealed class CanonicalUtf8
{
    private const int MaxDepth = 256;

    private byte[] _out = new byte[1024];
    private int _length;
    private byte[] _names = new byte[256];
    private int _namesLength;
    private Member[] _members = new Member[32];
    private int _memberCount;
    private readonly Frame[] _frames = new Frame[MaxDepth + 1];
    private int _depth;
    private byte[] _scratch = new byte[256];
    private int _rootMembers;
    private readonly Comparison<Member> _compare;

    public CanonicalUtf8() => _compare = CompareMembers;

    /// <summary>The canonical form of the value last written.</summary>
    public ReadOnlySpan<byte> Written => _out.AsSpan(0, _length);

    /// <summary>
    /// Writes the canonical form of the JSON value in <paramref name="json"/> (UTF-8), replacing what was written before.
    /// </summary>
    /// <exception cref="FormatException">A key appears twice in one object, a number is outside the double range, or a text is not valid Unicode.</exception>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public void Write(ReadOnlySpan<byte> json)
    {
        _length = 0;
        _namesLength = 0;
        _memberCount = 0;
        _depth = 0;
        _rootMembers = -1;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    BeforeValue();
                    Put((byte)'{');
                    _frames[++_depth] = new Frame(true, _memberCount, _namesLength);
                    break;
                case JsonTokenType.EndObject:
                    FinishObject();
                    Put((byte)'}');
                    Pop();
                    AfterValue();
                    break;
                case JsonTokenType.StartArray:
                    BeforeValue();
                    Put((byte)'[');
                    _frames[++_depth] = new Frame(false, _memberCount, _namesLength);
                    break;
                case JsonTokenType.EndArray:
                    Put((byte)']');
                    Pop();
                    AfterValue();
                    break;
                case JsonTokenType.PropertyName:
                    Property(ref reader);
                    break;
                case JsonTokenType.String:
                    BeforeValue();
                    WriteString(Unescaped(ref reader));
                    AfterValue();
                    break;
                case JsonTokenType.Number:
                    BeforeValue();
                    if (reader.TryGetInt64(out var integer)) WriteInteger(integer);
                    else if (reader.TryGetDouble(out var number) && double.IsFinite(number)) WriteDouble(number);
                    else throw new FormatException($"the number {Encoding.UTF8.GetString(reader.ValueSpan)} is beyond the range of a double");
                    AfterValue();
                    break;
                case JsonTokenType.True:
                    BeforeValue();
                    PutAscii("true");
                    AfterValue();
                    break;
                case JsonTokenType.False:
                    BeforeValue();
                    PutAscii("false");
                    AfterValue();
                    break;
                case JsonTokenType.Null:
                    BeforeValue();
                    PutAscii("null");
                    AfterValue();
                    break;
            }
        }
    }

    /// <summary>
    /// The canonical value of the member <paramref name="name"/> (ASCII) of the object last written, as a range of
    /// <see cref="Written"/>; false when the value written was not an object or has no such member.
    /// </summary>
    public bool TryGetMember(string name, out Range value)
    {
        ArgumentNullException.ThrowIfNull(name);
        value = default;
        if (_rootMembers < 0) return false;
        for (var i = 0; i < _rootMembers; i++)
        {
            var m = _members[i];
            var n = _names.AsSpan(m.NameStart, m.NameLength);
            if (n.Length != name.Length) continue;
            var same = true;
            for (var j = 0; j < n.Length && same; j++) same = n[j] == name[j];
            if (!same) continue;
            value = new Range(m.ValueStart, m.End);
            return true;
        }
        return false;
    }

    /// <summary>The SHA-256 (lowercase hex) of <paramref name="range"/> of <see cref="Written"/>.</summary>
    public string Sha256(Range range)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(_out.AsSpan(0, _length)[range], hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The SHA-256 (lowercase hex) of everything written.</summary>
    public string Sha256() => Sha256(Range.All);

    /// <summary><paramref name="range"/> of <see cref="Written"/> as text.</summary>
    public string Text(Range range) => Encoding.UTF8.GetString(_out.AsSpan(0, _length)[range]);

    /// <summary>Everything written, as text.</summary>
    public string Text() => Text(Range.All);

    private void Property(ref Utf8JsonReader reader)
    {
        ref var frame = ref _frames[_depth];
        if (_memberCount > frame.MemberBase) Put((byte)',');
        var nameStart = _namesLength;
        var name = Unescaped(ref reader);
        EnsureNames(name.Length);
        name.CopyTo(_names.AsSpan(_namesLength));
        _namesLength += name.Length;
        if (_memberCount == _members.Length) Array.Resize(ref _members, _members.Length * 2);
        var start = _length;
        WriteString(_names.AsSpan(nameStart, name.Length));
        Put((byte)':');
        _members[_memberCount++] = new Member { NameStart = nameStart, NameLength = name.Length, Start = start, ValueStart = _length, End = _length };
    }

    private void BeforeValue()
    {
        if (_depth == 0) return;
        ref var frame = ref _frames[_depth];
        if (frame.IsObject) return;
        if (frame.Count++ > 0) Put((byte)',');
    }

    private void AfterValue()
    {
        if (_depth == 0) return;
        if (_frames[_depth].IsObject) _members[_memberCount - 1].End = _length;
    }

    private void Pop()
    {
        var frame = _frames[_depth--];
        if (!frame.IsObject) return;
        if (_depth == 0)
        {
            _rootMembers = _memberCount;
            return;
        }
        // The object is final: its members' names and places are no longer needed.
        _memberCount = frame.MemberBase;
        _namesLength = frame.NamesBase;
    }

    private void FinishObject()
    {
        var frame = _frames[_depth];
        var count = _memberCount - frame.MemberBase;
        if (count < 2) return;
        var members = _members.AsSpan(frame.MemberBase, count);
        var sorted = true;
        for (var i = 1; i < count && sorted; i++) sorted = CompareMembers(members[i - 1], members[i]) <= 0;
        if (!sorted) members.Sort(_compare);
        for (var i = 1; i < count; i++)
        {
            if (CompareMembers(members[i - 1], members[i]) == 0)
                throw new FormatException($"the key '{Encoding.UTF8.GetString(_names, members[i].NameStart, members[i].NameLength)}' appears twice in one object");
        }
        if (sorted) return;
        // Members were written in the order they came, separated by commas: write them back in key order.
        var regionStart = int.MaxValue;
        foreach (var m in members) regionStart = Math.Min(regionStart, m.Start);
        var regionLength = _length - regionStart;
        if (_scratch.Length < regionLength) _scratch = new byte[Math.Max(regionLength, _scratch.Length * 2)];
        _out.AsSpan(regionStart, regionLength).CopyTo(_scratch);
        var at = regionStart;
        for (var i = 0; i < count; i++)
        {
            if (i > 0) _out[at++] = (byte)',';
            ref var m = ref members[i];
            var length = m.End - m.Start;
            _scratch.AsSpan(m.Start - regionStart, length).CopyTo(_out.AsSpan(at));
            var shift = at - m.Start;
            m.Start += shift;
            m.ValueStart += shift;
            m.End += shift;
            at += length;
        }
    }

    // Keys are ordered by UTF-16 code units, as string.CompareOrdinal orders them. UTF-8 bytes order by code point, which
    // is the same order unless one key holds a character from U+E000 up (UTF-8 lead byte 0xEE and above), where a
    // surrogate pair sorts below it in UTF-16: those few are compared as UTF-16.
    private int CompareMembers(Member a, Member b)
    {
        var x = _names.AsSpan(a.NameStart, a.NameLength);
        var y = _names.AsSpan(b.NameStart, b.NameLength);
        var bytes = x.SequenceCompareTo(y);
        if (bytes == 0 || (x.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) < 0 && y.IndexOfAnyInRange((byte)0xEE, (byte)0xFF) < 0)) return bytes;
        return string.CompareOrdinal(Encoding.UTF8.GetString(x), Encoding.UTF8.GetString(y));
    }

    // The text of a string or key token with escapes resolved, as UTF-8.
    private ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        var raw = reader.ValueSpan;
        if (_scratch.Length < raw.Length) _scratch = new byte[Math.Max(raw.Length, _scratch.Length * 2)];
        try
        {
            var n = reader.CopyString(_scratch);
            return _scratch.AsSpan(0, n);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("a text holds an escape that is not valid Unicode (a lone surrogate)", e);
        }
    }

    private void WriteString(ReadOnlySpan<byte> text)
    {
        Ensure(text.Length + 2);
        _out[_length++] = (byte)'"';
        var clean = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            Put(text[clean..i]);
            switch (c)
            {
                case (byte)'"': PutAscii("\\\""); break;
                case (byte)'\\': PutAscii("\\\\"); break;
                case (byte)'\b': PutAscii("\\b"); break;
                case (byte)'\f': PutAscii("\\f"); break;
                case (byte)'\n': PutAscii("\\n"); break;
                case (byte)'\r': PutAscii("\\r"); break;
                case (byte)'\t': PutAscii("\\t"); break;
                default:
                    PutAscii("\\u00");
                    Put((byte)"0123456789abcdef"[c >> 4]);
                    Put((byte)"0123456789abcdef"[c & 0xF]);
                    break;
            }
            clean = i + 1;
        }
        Put(text[clean..]);
        Put((byte)'"');
    }

    private const long MaxExactInteger = 1L << 53;

    private void WriteInteger(long integer)
    {
        if (integer is < -MaxExactInteger or > MaxExactInteger)
        {
            PutAscii(CanonicalJson.FormatNumber(integer));
            return;
        }
        Ensure(20);
        integer.TryFormat(_out.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    private void WriteDouble(double value)
    {
        if (value == 0)
        {
            Put((byte)'0');
            return;
        }
        // .NET's shortest round-trip form is ECMAScript's whenever it has no exponent (the same digits; ECMAScript prints
        // plain notation for a wider range of exponents than .NET does): those are copied, the rest formatted in full.
        Span<byte> text = stackalloc byte[32];
        if (value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture) && text[..written].IndexOfAny((byte)'E', (byte)'e') < 0)
        {
            Put(text[..written]);
            return;
        }
        PutAscii(CanonicalJson.FormatNumber(value));
    }

    private void Put(byte b)
    {
        Ensure(1);
        _out[_length++] = b;
    }

    private void Put(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_out.AsSpan(_length));
        _length += bytes.Length;
    }

    private void PutAscii(string ascii)
    {
        Ensure(ascii.Length);
        for (var i = 0; i < ascii.Length; i++) _out[_length++] = (byte)ascii[i];
    }

    private void Ensure(int more)
    {
        if (_length + more > _out.Length) Array.Resize(ref _out, Math.Max(_length + more, _out.Length * 2));
    }

    private void EnsureNames(int more)
    {
        if (_namesLength + more > _names.Length) Array.Resize(ref _names, Math.Max(_namesLength + more, _names.Length * 2));
    }

    private struct Frame(bool isObject, int memberBase, int namesBase)
    {
        public readonly bool IsObject = isObject;
        public readonly int MemberBase = memberBase;
        public readonly int NamesBase = namesBase;
        public int Count;
    }

    private struct Member
    {
        public int NameStart;
        public int NameLength;
        public int Start;
        public int ValueStart;
        public int End;
    }
}
