using Attest.Engine.Evaluation.Fairness;

namespace Attest.Engine.Signals;

/// <summary>
/// The confusion-matrix cells of a performance or fairness signal's window, per group in order of first sight: four
/// counts a group at <c>[group * 4 + ConfusionCounts.CellIndex(label, prediction)]</c>. What the evaluator needs of the
/// decision rows — Core counts them while reading the window instead of handing over one entry per decision; the
/// bootstrap for <c>judge: ci</c> resamples these cells, so the interval is the same either way.
/// </summary>
public sealed class LabelCounts
{
    public LabelCounts(IReadOnlyList<string> groups, long[] cells)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != groups.Count * 4) throw new ArgumentException("four cells a group are required", nameof(cells));
        Groups = groups;
        Cells = cells;
        foreach (var c in cells) N += c;
    }

    /// <summary>The groups (the attribute's values, or "all" without an attribute), in order of first sight.</summary>
    public IReadOnlyList<string> Groups { get; }

    public long[] Cells { get; }

    /// <summary>Decisions counted (with an outcome, when the metric needs one, and with the attribute, when grouped).</summary>
    public long N { get; }

    /// <summary>
    /// Counts aligned decision rows: a decision without an outcome is skipped when the metric needs one, and without the
    /// attribute's value when grouped; the label is the outcome being <paramref name="positive"/>, the prediction the output being it.
    /// </summary>
    public static LabelCounts Count(IReadOnlyList<string> outputs, IReadOnlyList<string?> outcomes, IReadOnlyList<string?> groups, string? positive, bool needsOutcome,
        bool grouped)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        ArgumentNullException.ThrowIfNull(outcomes);
        ArgumentNullException.ThrowIfNull(groups);
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var names = new List<string>();
        var cells = new List<long>();
        for (var i = 0; i < outputs.Count; i++)
        {
            var outcome = i < outcomes.Count ? outcomes[i] : null;
            if (needsOutcome && outcome is null) continue;
            var group = grouped ? (i < groups.Count ? groups[i] : null) : "all";
            if (group is null) continue;
            if (!codes.TryGetValue(group, out var code))
            {
                code = codes[group] = names.Count;
                names.Add(group);
                cells.AddRange([0, 0, 0, 0]);
            }
            var label = outcome is not null && outcome == positive;
            var prediction = outputs[i] == positive;
            cells[code * 4 + ConfusionCounts.CellIndex(label, prediction)]++;
        }
        return new LabelCounts(names, [.. cells]);
    }
}
