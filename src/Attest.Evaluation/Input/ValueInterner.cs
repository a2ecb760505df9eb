namespace Attest.Evaluation.Input;

/// <summary>
/// Maps field text to small integer codes without allocating per row: a linear scan over the first few
/// distinct values (sensitive features rarely have more), then a dictionary looked up by span.
/// </summary>
public sealed class ValueInterner
{
    private const int LinearLimit = 16;
    private readonly List<string> _values = [];
    private readonly Dictionary<string, int> _lookup = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _alternate;

    public ValueInterner() => _alternate = _lookup.GetAlternateLookup<ReadOnlySpan<char>>();

    public IReadOnlyList<string> Values => _values;
    public int Count => _values.Count;

    public int Intern(ReadOnlySpan<char> value)
    {
        var linear = Math.Min(_values.Count, LinearLimit);
        for (var i = 0; i < linear; i++)
            if (value.SequenceEqual(_values[i])) return i;
        if (_values.Count >= LinearLimit && _alternate.TryGetValue(value, out var code)) return code;
        return Add(value.ToString());
    }

    public int Intern(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return _lookup.TryGetValue(value, out var code) ? code : Add(value);
    }

    private int Add(string text)
    {
        var code = _values.Count;
        _values.Add(text);
        _lookup[text] = code;
        return code;
    }
}
