using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Gathers the facts of every signal of a run in one streamed pass per distinct time window (<c>last: 7d</c>): one query
/// reads only the columns the window's signals need, in decision-time order, and each row feeds every signal — labels and
/// groups for performance and fairness, reference and current drift columns (the reference is the window before, read in
/// the same pass), counts. Attributes and features are read from the JSON bytes without building a document, and group,
/// output and category strings are interned. Gives the same <see cref="SignalInput"/> as <see cref="MonitoringFacts"/>,
/// which still gathers count windows (<c>decisions: N</c>).
/// </summary>
internal static class WindowFacts
{
    public static async Task<Dictionary<string, SignalInput>> GatherAsync(AttestDbContext db, string systemId, IReadOnlyList<MonitoringSignal> signals, DateTimeOffset now,
        CancellationToken ct)
    {
        var inputs = new Dictionary<string, SignalInput>(StringComparer.Ordinal);
        foreach (var signal in signals.Where(s => s.Window.Last is null))
            inputs[signal.Id] = await MonitoringFacts.GatherAsync(db, systemId, signal, now, ct);
        foreach (var group in signals.Where(s => s.Window.Last is not null).GroupBy(s => s.Window.Last!.Value))
            foreach (var (id, input) in await OnePassAsync(db, systemId, group.Key, [.. group], now, ct))
                inputs[id] = input;
        return inputs;
    }

    private static async Task<List<(string, SignalInput)>> OnePassAsync(AttestDbContext db, string systemId, TimeSpan last, List<MonitoringSignal> signals, DateTimeOffset now,
        CancellationToken ct)
    {
        var start = now - last;
        var drift = signals.Any(s => s.Kind is SignalKind.Drift or SignalKind.PredictionDrift);
        var from = drift ? start - last : start;
        var labels = signals.Where(s => s.Kind is SignalKind.Performance or SignalKind.Fairness).ToList();
        var attributes = labels.Where(s => s.Attribute is not null).Select(s => s.Attribute!).Distinct(StringComparer.Ordinal).ToArray();
        var features = signals.Where(s => s.Kind == SignalKind.Drift && s.Feature is not null).Select(s => s.Feature!).Distinct(StringComparer.Ordinal).ToArray();
        var needLabels = labels.Count > 0;
        var needAttributes = attributes.Length > 0;
        var needFeatures = features.Length > 0;

        var strings = new Interner();
        var outputs = new List<string>();
        var outcomes = new List<string?>();
        var groups = attributes.Select(_ => new List<string?>()).ToArray();
        var featureColumns = features.Select(_ => new ColumnValues()).ToArray();
        var outputColumn = new ColumnValues();
        long decisions = 0, ungoverned = 0;
        var buffer = new byte[256];

        var rows = db.Decisions.AsNoTracking()
            .Where(d => d.SystemId == systemId && d.OccurredAt > from && d.OccurredAt <= now)
            .OrderBy(d => d.OccurredAt)
            .Select(d => new
            {
                d.OccurredAt,
                d.Output,
                d.OutputIsNumber,
                d.Ungoverned,
                Outcome = needLabels ? d.Outcome : null,
                Attributes = needAttributes ? d.AttributesJson : null,
                Features = needFeatures ? d.FeaturesJson : null,
            });
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            var current = row.OccurredAt > start;
            var output = strings.Of(row.Output);
            if (current)
            {
                decisions++;
                if (row.Ungoverned) ungoverned++;
                if (needLabels)
                {
                    outputs.Add(output);
                    outcomes.Add(row.Outcome is null ? null : strings.Of(row.Outcome));
                }
            }
            if (needAttributes && current)
            {
                var json = Bytes(row.Attributes, ref buffer);
                for (var a = 0; a < attributes.Length; a++)
                    groups[a].Add(Read(json, attributes[a], strings, out _, out _));
            }
            if (needFeatures)
            {
                var json = Bytes(row.Features, ref buffer);
                for (var f = 0; f < features.Length; f++)
                {
                    var text = Read(json, features[f], strings, out var isNumber, out var number);
                    featureColumns[f].Add(text, isNumber, number, current);
                }
            }
            if (drift)
            {
                var isNumber = row.OutputIsNumber && double.TryParse(output, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                outputColumn.Add(output, isNumber, isNumber ? double.Parse(output, CultureInfo.InvariantCulture) : double.NaN, current);
            }
        }

        var results = new List<(string, SignalInput)>();
        foreach (var signal in signals)
        {
            SignalInput input;
            switch (signal.Kind)
            {
                case SignalKind.Performance or SignalKind.Fairness:
                    input = new SignalInput
                    {
                        Decisions = decisions,
                        Outputs = outputs,
                        Outcomes = outcomes,
                        Groups = signal.Attribute is { } attribute ? groups[Array.IndexOf(attributes, attribute)] : [],
                    };
                    break;
                case SignalKind.Drift or SignalKind.PredictionDrift:
                    {
                        var column = signal.Kind == SignalKind.PredictionDrift ? outputColumn : featureColumns[Array.IndexOf(features, signal.Feature)];
                        var (type, refs, curs, categories) = column.Build(withReference: signal.Reference?.EvidenceId is null);
                        input = new SignalInput { Decisions = decisions, Reference = refs, Current = curs, ColumnType = type, Categories = categories };
                        break;
                    }
                case SignalKind.OverrideRate or SignalKind.ReviewSlaBreaches:
                    {
                        var items = db.ReviewItems.AsNoTracking().Where(i => i.SystemId == systemId && i.DecisionOccurredAt >= start && i.DecisionOccurredAt <= now);
                        input = new SignalInput
                        {
                            Decisions = decisions,
                            ReviewItems = await items.CountAsync(ct),
                            ReviewsResolved = await items.CountAsync(i => i.ResolvedAt != null, ct),
                            Overridden = await items.CountAsync(i => i.Outcome == ReviewOutcome.Overridden, ct),
                            SlaBreaches = await items.CountAsync(i => (i.ResolvedAt != null && i.ResolvedAt > i.DueAt) || (i.ResolvedAt == null && i.DueAt <= now), ct),
                        };
                        break;
                    }
                case SignalKind.UngovernedDecisions:
                    input = new SignalInput { Decisions = decisions, Ungoverned = ungoverned };
                    break;
                default:
                    input = new SignalInput { Decisions = decisions };
                    break;
            }
            results.Add((signal.Id, input));
        }
        return results;
    }

    // The UTF-8 bytes of a JSON text, in a buffer reused across rows.
    private static ReadOnlySpan<byte> Bytes(string? json, ref byte[] buffer)
    {
        if (string.IsNullOrEmpty(json)) return default;
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (buffer.Length < max) buffer = new byte[Math.Max(max, buffer.Length * 2)];
        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer));
    }

    /// <summary>As <see cref="DecisionFields.Text"/>, over bytes and with strings interned.</summary>
    private static string? Read(ReadOnlySpan<byte> json, string name, Interner strings, out bool isNumber, out double number)
    {
        isNumber = false;
        number = double.NaN;
        if (json.IsEmpty) return null;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(name);
            reader.Read();
            if (!match)
            {
                reader.Skip();
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return strings.Of(ref reader);
                case JsonTokenType.Number:
                    isNumber = true;
                    number = reader.GetDouble();
                    return ""; // the number's text is only spelled out for a categorical column
                case JsonTokenType.True:
                    return "true";
                case JsonTokenType.False:
                    return "false";
                default:
                    return null;
            }
        }
        return null;
    }

    /// <summary>One string object per distinct value, looked up without allocating.</summary>
    private sealed class Interner
    {
        private readonly HashSet<string> _set = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Interner() => _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();

        public string Of(string value) => _set.TryGetValue(value, out var known) ? known : Add(value);

        public string Of(ref Utf8JsonReader reader)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 128) return Of(reader.GetString()!);
            Span<char> chars = stackalloc char[128];
            var n = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
            return _lookup.TryGetValue(chars[..n], out var known) ? known : Add(chars[..n].ToString());
        }

        private string Add(string value)
        {
            _set.Add(value);
            return value;
        }
    }

    /// <summary>A drift column in decision order: all numbers (numerical) or otherwise categories coded in order of first sight.</summary>
    private sealed class ColumnValues
    {
        private readonly List<double> _numbers = [];
        private readonly List<string?> _texts = [];
        private readonly List<bool> _reference = [];
        private bool _allNumbers = true, _currentAllNumbers = true;

        public void Add(string? text, bool isNumber, double number, bool current)
        {
            if (text is null || (isNumber && !double.IsFinite(number))) return;
            _numbers.Add(number);
            _texts.Add(isNumber ? null : text);
            _reference.Add(!current);
            _allNumbers &= isNumber;
            if (current) _currentAllNumbers &= isNumber;
        }

        public (DriftColumnType, double[], double[], IReadOnlyList<string>?) Build(bool withReference)
        {
            var refs = new List<double>();
            var curs = new List<double>();
            // Without the window before (a stored reference), only the current values decide the column's type.
            if (withReference ? _allNumbers : _currentAllNumbers)
            {
                for (var i = 0; i < _numbers.Count; i++)
                    if (!_reference[i]) curs.Add(_numbers[i]);
                    else if (withReference) refs.Add(_numbers[i]);
                return (DriftColumnType.Numerical, [.. refs], [.. curs], null);
            }
            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var names = new List<string>();
            for (var i = 0; i < _numbers.Count; i++)
            {
                if (_reference[i] && !withReference) continue;
                var text = _texts[i] ?? _numbers[i].ToString("R", CultureInfo.InvariantCulture);
                if (!codes.TryGetValue(text, out var code)) { code = codes[text] = names.Count; names.Add(text); }
                (_reference[i] ? refs : curs).Add(code);
            }
            return (DriftColumnType.Categorical, [.. refs], [.. curs], names);
        }
    }
}
