using Attest.Core.Data;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Gathers the facts of one signal's window from the decision log and the review queue — one query per signal, only the
/// columns the signal needs — for <see cref="SignalEvaluator"/> to decide on. Runs use it for count windows
/// (<c>decisions: N</c>); time windows are gathered for all signals at once by <see cref="WindowFacts"/>, which must agree.
/// </summary>
internal static class MonitoringFacts
{
    private sealed record LabelRow(string Output, string? Outcome, string? AttributesJson);

    private sealed record ValueRow(string Output, bool OutputIsNumber, string FeaturesJson, DateTimeOffset OccurredAt);

    public static async Task<SignalInput> GatherAsync(AttestDbContext db, string systemId, MonitoringSignal signal, DateTimeOffset now, CancellationToken ct)
    {
        var log = db.Decisions.AsNoTracking().Where(d => d.SystemId == systemId && d.OccurredAt <= now);
        switch (signal.Kind)
        {
            case SignalKind.Performance or SignalKind.Fairness:
                {
                    var rows = await Window(log, signal.Window, now).Select(d => new LabelRow(d.Output, d.Outcome, signal.Attribute == null ? null : d.AttributesJson)).ToListAsync(ct);
                    return new SignalInput
                    {
                        Decisions = rows.Count,
                        Outputs = rows.Select(r => r.Output).ToArray(),
                        Outcomes = rows.Select(r => r.Outcome).ToArray(),
                        Groups = signal.Attribute is { } attribute ? rows.Select(r => DecisionFields.Text(r.AttributesJson, attribute, out _, out _)).ToArray() : [],
                    };
                }
            case SignalKind.Drift or SignalKind.PredictionDrift:
                return await DriftAsync(log, signal, now, ct);
            case SignalKind.OverrideRate or SignalKind.ReviewSlaBreaches:
                {
                    var (count, start) = await SpanAsync(log, signal.Window, now, ct);
                    var items = db.ReviewItems.AsNoTracking().Where(i => i.SystemId == systemId && i.DecisionOccurredAt >= start && i.DecisionOccurredAt <= now);
                    return new SignalInput
                    {
                        Decisions = count,
                        ReviewItems = await items.CountAsync(ct),
                        ReviewsResolved = await items.CountAsync(i => i.ResolvedAt != null, ct),
                        Overridden = await items.CountAsync(i => i.Outcome == ReviewOutcome.Overridden, ct),
                        SlaBreaches = await items.CountAsync(i => (i.ResolvedAt != null && i.ResolvedAt > i.DueAt) || (i.ResolvedAt == null && i.DueAt <= now), ct),
                    };
                }
            case SignalKind.UngovernedDecisions:
                {
                    var window = Window(log, signal.Window, now);
                    return new SignalInput { Decisions = await window.CountAsync(ct), Ungoverned = await window.CountAsync(d => d.Ungoverned, ct) };
                }
            default:
                return new SignalInput { Decisions = await Window(log, signal.Window, now).CountAsync(ct) };
        }
    }

    /// <summary>The decisions of the window: of the last duration (by decision time), or the last N decisions.</summary>
    private static IQueryable<DecisionRow> Window(IQueryable<DecisionRow> log, SignalWindow window, DateTimeOffset now) =>
        window.Last is { } last
            ? log.Where(d => d.OccurredAt > now - last)
            : log.OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.Id).Take(window.Decisions!.Value);

    // How many decisions the window holds and when it starts (for review items, which are found by their decision's time).
    private static async Task<(long Count, DateTimeOffset Start)> SpanAsync(IQueryable<DecisionRow> log, SignalWindow window, DateTimeOffset now, CancellationToken ct)
    {
        if (window.Last is { } last)
        {
            var start = now - last;
            return (await log.CountAsync(d => d.OccurredAt > start, ct), start);
        }
        var times = log.OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.Id).Take(window.Decisions!.Value).Select(d => d.OccurredAt);
        var count = await times.CountAsync(ct);
        return count == 0 ? (0, now) : (count, await times.OrderBy(t => t).FirstAsync(ct));
    }

    private static async Task<SignalInput> DriftAsync(IQueryable<DecisionRow> log, MonitoringSignal signal, DateTimeOffset now, CancellationToken ct)
    {
        var current = await Window(log, signal.Window, now).Select(d => new ValueRow(d.Output, d.OutputIsNumber, signal.Feature == null ? "" : d.FeaturesJson, d.OccurredAt)).ToListAsync(ct);
        List<ValueRow> reference;
        if (signal.Window.Last is { } last)
        {
            var start = now - last;
            var before = start - last;
            reference = await log.Where(d => d.OccurredAt > before && d.OccurredAt <= start)
                .Select(d => new ValueRow(d.Output, d.OutputIsNumber, signal.Feature == null ? "" : d.FeaturesJson, d.OccurredAt)).ToListAsync(ct);
        }
        else if (current.Count == 0)
            reference = [];
        else
        {
            var oldest = current.Min(r => r.OccurredAt);
            reference = await log.Where(d => d.OccurredAt < oldest).OrderByDescending(d => d.OccurredAt).ThenByDescending(d => d.Id).Take(signal.Window.Decisions!.Value)
                .Select(d => new ValueRow(d.Output, d.OutputIsNumber, signal.Feature == null ? "" : d.FeaturesJson, d.OccurredAt)).ToListAsync(ct);
        }
        if (signal.Reference?.EvidenceId is not null)
            reference = [];
        var values = new ColumnBuilder();
        foreach (var r in reference) values.Add(Value(signal, r), toReference: true);
        foreach (var r in current) values.Add(Value(signal, r), toReference: false);
        var (type, refs, curs, categories) = values.Build();
        return new SignalInput { Decisions = current.Count, Reference = refs, Current = curs, ColumnType = type, Categories = categories };
    }

    private static (string? Text, bool IsNumber, double Number) Value(MonitoringSignal signal, ValueRow row)
    {
        if (signal.Kind == SignalKind.PredictionDrift)
        {
            var isNumber = row.OutputIsNumber && double.TryParse(row.Output, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n);
            return (row.Output, isNumber, isNumber ? double.Parse(row.Output, System.Globalization.CultureInfo.InvariantCulture) : double.NaN);
        }
        var text = DecisionFields.Text(row.FeaturesJson, signal.Feature!, out var number, out var value);
        return (text, number, value);
    }

    /// <summary>A drift column from values that are all numbers (numerical) or otherwise categories (coded in order of first sight).</summary>
    private sealed class ColumnBuilder
    {
        private readonly List<(string Text, bool IsNumber, double Number, bool Reference)> _values = [];

        public void Add((string? Text, bool IsNumber, double Number) v, bool toReference)
        {
            if (v.Text is null || (v.IsNumber && !double.IsFinite(v.Number))) return;
            _values.Add((v.Text, v.IsNumber, v.Number, toReference));
        }

        public (DriftColumnType, double[], double[], IReadOnlyList<string>?) Build()
        {
            if (_values.All(v => v.IsNumber))
                return (DriftColumnType.Numerical, [.. _values.Where(v => v.Reference).Select(v => v.Number)], [.. _values.Where(v => !v.Reference).Select(v => v.Number)], null);
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            double Code(string text)
            {
                if (!codes.TryGetValue(text, out var c)) { c = codes[text] = names.Count; names.Add(text); }
                return c;
            }
            var coded = _values.Select(v => (Code: Code(v.Text), v.Reference)).ToList();
            return (DriftColumnType.Categorical, [.. coded.Where(v => v.Reference).Select(v => (double)v.Code)], [.. coded.Where(v => !v.Reference).Select(v => (double)v.Code)], names);
        }
    }
}
