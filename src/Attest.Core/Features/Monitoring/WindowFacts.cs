using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Signals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
        var windows = signals.Where(s => s.Window.Last is not null).GroupBy(s => s.Window.Last!.Value).Select(g => new Window(g.Key, [.. g], now)).ToList();
        if (windows.Count == 0) return inputs;

        // One pass over the longest span any window needs, oldest first; each row feeds the windows it falls in.
        var from = windows.Min(w => w.From);
        var needLabels = windows.Any(w => w.NeedLabels);
        var needAttributes = windows.Any(w => w.Attributes.Length > 0);
        var needFeatures = windows.Any(w => w.Features.Length > 0);
        var strings = new Interner();
        var attributes = new byte[256];
        var features = new byte[256];
        var sqlite = db.Database.IsSqlite();
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"""
            SELECT "OccurredAt", "Output", "OutputIsNumber", "Ungoverned", {(needLabels ? "\"Outcome\"" : "NULL")}, {(needAttributes ? "\"AttributesJson\"" : "NULL")}, {(needFeatures ? "\"FeaturesJson\"" : "NULL")}
            FROM decisions WHERE "SystemId" = @system AND "OccurredAt" > @from AND "OccurredAt" <= @now ORDER BY "OccurredAt"
            """;
        Parameter(command, "@system", systemId);
        Parameter(command, "@from", sqlite ? from.UtcTicks : from);
        Parameter(command, "@now", sqlite ? now.UtcTicks : now);
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var occurredAt = sqlite ? reader.GetInt64(0) : reader.GetFieldValue<DateTimeOffset>(0).UtcTicks;
                var output = strings.Of(reader.GetString(1));
                var row = new Row
                {
                    OccurredAt = occurredAt,
                    Output = output,
                    OutputIsNumber = reader.GetBoolean(2),
                    Ungoverned = reader.GetBoolean(3),
                    Outcome = reader.IsDBNull(4) ? null : strings.Of(reader.GetString(4)),
                    Attributes = reader.IsDBNull(5) ? default : Bytes(reader.GetString(5), ref attributes),
                    Features = reader.IsDBNull(6) ? default : Bytes(reader.GetString(6), ref features),
                };
                foreach (var window in windows)
                    window.Add(row, strings);
            }
        }
        foreach (var window in windows)
            foreach (var signal in window.Signals)
                inputs[signal.Id] = await window.InputAsync(db, systemId, signal, now, ct);
        return inputs;
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private sealed record ReviewCounts(long Items, long Resolved, long Overridden, long SlaBreaches);

    private ref struct Row
    {
        public long OccurredAt;
        public string Output;
        public bool OutputIsNumber;
        public bool Ungoverned;
        public string? Outcome;
        public ReadOnlySpan<byte> Attributes;
        public ReadOnlySpan<byte> Features;
    }

    /// <summary>The signals of one time window and what they accumulate: the window (start, now], and the one before it for drift.</summary>
    private sealed class Window
    {
        private readonly long _start;
        private readonly bool _drift;
        private readonly List<string> _outputs = [];
        private readonly List<string?> _outcomes = [];
        private readonly List<string?>[] _groups;
        private readonly ColumnValues[] _featureColumns;
        private readonly ColumnValues _outputColumn = new();
        private long _decisions, _ungoverned;

        public Window(TimeSpan last, List<MonitoringSignal> signals, DateTimeOffset now)
        {
            Signals = signals;
            Start = now - last;
            _start = Start.UtcTicks;
            _drift = signals.Any(s => s.Kind is SignalKind.Drift or SignalKind.PredictionDrift);
            From = _drift ? Start - last : Start;
            var labels = signals.Where(s => s.Kind is SignalKind.Performance or SignalKind.Fairness).ToList();
            NeedLabels = labels.Count > 0;
            Attributes = [.. labels.Where(s => s.Attribute is not null).Select(s => s.Attribute!).Distinct(StringComparer.Ordinal)];
            Features = [.. signals.Where(s => s.Kind == SignalKind.Drift && s.Feature is not null).Select(s => s.Feature!).Distinct(StringComparer.Ordinal)];
            _groups = [.. Attributes.Select(_ => new List<string?>())];
            _featureColumns = [.. Features.Select(_ => new ColumnValues())];
            FromTicks = From.UtcTicks;
        }

        public List<MonitoringSignal> Signals { get; }
        public DateTimeOffset Start { get; }
        public DateTimeOffset From { get; }
        private long FromTicks { get; }
        public bool NeedLabels { get; }
        public string[] Attributes { get; }
        public string[] Features { get; }

        public void Add(in Row row, Interner strings)
        {
            if (row.OccurredAt <= FromTicks) return;
            var current = row.OccurredAt > _start;
            if (current)
            {
                _decisions++;
                if (row.Ungoverned) _ungoverned++;
                if (NeedLabels)
                {
                    _outputs.Add(row.Output);
                    _outcomes.Add(row.Outcome);
                }
                for (var a = 0; a < Attributes.Length; a++)
                    _groups[a].Add(Read(row.Attributes, Attributes[a], strings, out _, out _));
            }
            for (var f = 0; f < Features.Length; f++)
            {
                var text = Read(row.Features, Features[f], strings, out var isNumber, out var number);
                _featureColumns[f].Add(text, isNumber, number, current);
            }
            if (_drift)
            {
                var isNumber = row.OutputIsNumber && double.TryParse(row.Output, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                _outputColumn.Add(row.Output, isNumber, isNumber ? double.Parse(row.Output, CultureInfo.InvariantCulture) : double.NaN, current);
            }
        }

        private ReviewCounts? _reviews;

        // The review items of the window's decisions, counted in one query (shared by the window's override and SLA signals).
        private async Task<ReviewCounts> ReviewCountsAsync(AttestDbContext db, string systemId, DateTimeOffset now, CancellationToken ct)
        {
            var start = Start;
            var counts = await db.ReviewItems.AsNoTracking().Where(i => i.SystemId == systemId && i.DecisionOccurredAt >= start && i.DecisionOccurredAt <= now)
                .GroupBy(_ => 1)
                .Select(g => new ReviewCounts(
                    g.LongCount(),
                    g.LongCount(i => i.ResolvedAt != null),
                    g.LongCount(i => i.Outcome == ReviewOutcome.Overridden),
                    g.LongCount(i => (i.ResolvedAt != null && i.ResolvedAt > i.DueAt) || (i.ResolvedAt == null && i.DueAt <= now))))
                .FirstOrDefaultAsync(ct);
            return counts ?? new ReviewCounts(0, 0, 0, 0);
        }

        public async Task<SignalInput> InputAsync(AttestDbContext db, string systemId, MonitoringSignal signal, DateTimeOffset now, CancellationToken ct)
        {
            switch (signal.Kind)
            {
                case SignalKind.Performance or SignalKind.Fairness:
                    return new SignalInput
                    {
                        Decisions = _decisions,
                        Outputs = _outputs,
                        Outcomes = _outcomes,
                        Groups = signal.Attribute is { } attribute ? _groups[Array.IndexOf(Attributes, attribute)] : [],
                    };
                case SignalKind.Drift or SignalKind.PredictionDrift:
                    {
                        var column = signal.Kind == SignalKind.PredictionDrift ? _outputColumn : _featureColumns[Array.IndexOf(Features, signal.Feature)];
                        var (type, refs, curs, categories) = column.Build(withReference: signal.Reference?.EvidenceId is null);
                        return new SignalInput { Decisions = _decisions, Reference = refs, Current = curs, ColumnType = type, Categories = categories };
                    }
                case SignalKind.OverrideRate or SignalKind.ReviewSlaBreaches:
                    {
                        _reviews ??= await ReviewCountsAsync(db, systemId, now, ct);
                        var r = _reviews;
                        return new SignalInput { Decisions = _decisions, ReviewItems = r.Items, ReviewsResolved = r.Resolved, Overridden = r.Overridden, SlaBreaches = r.SlaBreaches };
                    }
                case SignalKind.UngovernedDecisions:
                    return new SignalInput { Decisions = _decisions, Ungoverned = _ungoverned };
                default:
                    return new SignalInput { Decisions = _decisions };
            }
        }
    }

    // The UTF-8 bytes of a JSON text, in a buffer reused across rows.
    private static ReadOnlySpan<byte> Bytes(string? json, ref byte[] buffer)
    {
        if (string.IsNullOrEmpty(json)) return default;
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (buffer.Length < max) buffer = new byte[Math.Max(max, buffer.Length * 2)];
        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer));
    }

    /// <summary>As <see cref="DecisionFields.Text"/>, over bytes and with strings interned; a number's text is only spelled out for a categorical column.</summary>
    private static string? Read(ReadOnlySpan<byte> json, string name, Interner strings, out bool isNumber, out double number) =>
        DecisionFields.Read(json, name, strings.Value, spellNumbers: false, out isNumber, out number);

    /// <summary>One string object per distinct value, looked up without allocating.</summary>
    private sealed class Interner
    {
        private readonly HashSet<string> _set = new(StringComparer.Ordinal);
        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public Interner()
        {
            _lookup = _set.GetAlternateLookup<ReadOnlySpan<char>>();
            Value = Of;
        }

        /// <summary>Made once: a method group would allocate a delegate per value read.</summary>
        public DecisionFields.StringValue Value { get; }

        public string Of(string value) => _set.TryGetValue(value, out var known) ? known : Add(value);

        public string Of(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > 128) return Of(Encoding.UTF8.GetString(utf8));
            Span<char> chars = stackalloc char[128];
            var n = Encoding.UTF8.GetChars(utf8, chars);
            return _lookup.TryGetValue(chars[..n], out var known) ? known : Add(chars[..n].ToString());
        }

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
