using Attest.Engine.Evaluation.Sorting;

namespace Attest.Engine.Tests.Evaluation;

public sealed class RadixSortTests
{
    [Theory]
    [InlineData(10, 1)]
    [InlineData(100_000, 2)]
    [InlineData(300_000, 3)]
    public void Radix_sort_orders_doubles_like_a_comparison_sort(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        for (var i = 0; i < n; i++)
            values[i] = (i % 7) switch
            {
                0 => Math.Round(random.NextDouble() * 10 - 5, 3), // many ties
                1 => -random.NextDouble() * 1e300,
                2 => random.NextDouble() * 1e-300,
                3 => 0.0,
                4 => double.MaxValue * (random.Next(2) * 2 - 1),
                5 => double.Epsilon,
                _ => random.NextDouble(),
            };
        var expected = (double[])values.Clone();
        Array.Sort(expected);
        RadixSort.Sort(values);
        values.ShouldBe(expected);
    }

    [Fact]
    public void Radix_sort_with_items_moves_each_item_with_its_value()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 50_000).Select(_ => Math.Round(random.NextDouble(), 2)).ToArray();
        var items = Enumerable.Range(0, values.Length).ToArray();
        var original = (double[])values.Clone();
        RadixSort.Sort(values, items);
        for (var i = 1; i < values.Length; i++) values[i].ShouldBeGreaterThanOrEqualTo(values[i - 1]);
        for (var i = 0; i < values.Length; i++) original[items[i]].ShouldBe(values[i]);
        items.Order().ShouldBe(Enumerable.Range(0, values.Length));
    }
}
