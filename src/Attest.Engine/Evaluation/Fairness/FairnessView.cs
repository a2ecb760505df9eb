namespace Attest.Engine.Evaluation.Fairness;

/// <summary>
/// One way of grouping rows: a single sensitive feature, or the intersection of all of them. Groups are
/// sorted by value (ordinal); an intersection has every combination of observed values, as Fairlearn's
/// MetricFrame does, so a combination nobody falls into is an explicit empty group.
/// </summary>
internal sealed record FairnessView(string Name, IReadOnlyList<string> Sources, string[] GroupKeys, int[] GroupOfCell)
{
    public const string IntersectionSeparator = "&";
    public const string GroupSeparator = " | ";
    public const int MaxIntersectionGroups = 100_000;

    public static List<FairnessView> Build(FairnessInput input, bool intersections)
    {
        var f = input.FeatureCount;
        var ranks = new int[f][];
        var sortedValues = new string[f][];
        for (var i = 0; i < f; i++)
        {
            var values = input.FeatureValues[i];
            var order = Enumerable.Range(0, values.Count).ToArray();
            Array.Sort(order, (a, b) => string.CompareOrdinal(values[a], values[b]));
            ranks[i] = new int[values.Count];
            sortedValues[i] = new string[values.Count];
            for (var r = 0; r < order.Length; r++)
            {
                ranks[i][order[r]] = r;
                sortedValues[i][r] = values[order[r]];
            }
        }

        var views = new List<FairnessView>();
        for (var i = 0; i < f; i++)
        {
            var groupOfCell = new int[input.CellCount];
            for (var c = 0; c < input.CellCount; c++) groupOfCell[c] = ranks[i][input.CellValueCodes[c * f + i]];
            views.Add(new FairnessView(input.FeatureNames[i], [input.FeatureNames[i]], sortedValues[i], groupOfCell));
        }
        if (intersections && f > 1)
        {
            long product = 1;
            for (var i = 0; i < f; i++) product *= sortedValues[i].Length;
            if (product > MaxIntersectionGroups)
                throw new ArgumentException(
                    $"the intersection of {string.Join(", ", input.FeatureNames)} would have {product} groups (more than {MaxIntersectionGroups}); intersect fewer or coarser features");
            var keys = new List<string> { "" };
            for (var i = 0; i < f; i++)
            {
                var next = new List<string>(keys.Count * sortedValues[i].Length);
                foreach (var prefix in keys)
                    foreach (var v in sortedValues[i])
                        next.Add(i == 0 ? v : prefix + GroupSeparator + v);
                keys = next;
            }
            var groupOfCell = new int[input.CellCount];
            for (var c = 0; c < input.CellCount; c++)
            {
                var index = 0;
                for (var i = 0; i < f; i++) index = index * sortedValues[i].Length + ranks[i][input.CellValueCodes[c * f + i]];
                groupOfCell[c] = index;
            }
            views.Add(new FairnessView(string.Join(IntersectionSeparator, input.FeatureNames), [.. input.FeatureNames], [.. keys], groupOfCell));
        }
        return views;
    }
}
