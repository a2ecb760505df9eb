namespace Attest.Evaluation.Input;

/// <summary>An append-only list of doubles with a capacity hint and an exact-size hand-off.</summary>
public sealed class DoubleBuffer(int capacity)
{
    private double[] _items = capacity > 0 ? GC.AllocateUninitializedArray<double>(capacity) : [];

    public int Count { get; private set; }

    public void Add(double value)
    {
        if (Count == _items.Length) Array.Resize(ref _items, Math.Max(1024, _items.Length + _items.Length / 2));
        _items[Count++] = value;
    }

    /// <summary>The values as an array of exactly <see cref="Count"/> items (the buffer itself when it is full).</summary>
    public double[] ToExactArray()
    {
        if (Count != _items.Length) Array.Resize(ref _items, Count);
        return _items;
    }
}
