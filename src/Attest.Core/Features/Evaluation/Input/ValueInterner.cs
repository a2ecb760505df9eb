using System.Text;

namespace Attest.Core.Features.Evaluation.Input;

/// <summary>
/// Maps field bytes to small integer codes without allocating per row: a linear scan over the first few
/// distinct values (sensitive features rarely have more), then a dictionary keyed by the decoded text.
/// </summary>
public sealed class ValueInterner
{
    private const int LinearLimit = 16;
    private readonly List<byte[]> _bytes = [];
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _lookup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _alternate;
    private char[] _chars = new char[256];

    public ValueInterner() => _alternate = _lookup.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyList<string> Values => _values;
    public int Count => _values.Count;

    public int Intern(ReadOnlySpan<byte> value)
    {
        var linear = Math.Min(_bytes.Count, LinearLimit);
        for (var i = 0; i < linear; i++)
            if (value.SequenceEqual(_bytes[i])) return i;
        if (_bytes.Count < LinearLimit) return Add(value.ToArray(), Encoding.UTF8.GetString(value));
        if (_chars.Length < value.Length) _chars = new char[value.Length * 2];
        var n = Encoding.UTF8.GetChars(value, _chars);
        if (_alternate.TryGetValue(_chars.AsSpan(0, n), out var code)) return code;
        return Add(value.ToArray(), new string(_chars, 0, n));
    }

    public int Intern(string value)
    {
        if (_lookup.TryGetValue(value, out var code)) return code;
        return Add(Encoding.UTF8.GetBytes(value), value);
    }

    private int Add(byte[] bytes, string text)
    {
        var code = _values.Count;
        _bytes.Add(bytes);
        _values.Add(text);
        _lookup[text] = code;
        return code;
    }
}
