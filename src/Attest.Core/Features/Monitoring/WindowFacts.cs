using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Attest.Core.Data;
using Attest.Evaluation.Input;
using Attest.Engine.Evaluation.Drift;
using Attest.Engine.Evaluation.Fairness;
using Attest.Engine.Signals;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SQLitePCL;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Gathers the facts of every signal of a run in one streamed pass over the longest time window (<c>last: 7d</c>): one
/// query reads only the columns the windows' signals need, in decision-time order, and each row feeds every window it
/// falls in. Nothing is kept per decision but drift values: performance and fairness signals get their confusion cells
/// per group counted while reading (<see cref="LabelCounts"/>), the rest counts. On SQLite the rows are read straight
/// from the statement's UTF-8 bytes (no string per column per row); strings are interned to small ids, and attributes and
/// features are read from the JSON bytes without building a document. Gives the same results as
/// <see cref="MonitoringFacts"/>, which still gathers count windows (<c>decisions: N</c>).
/// </summary>
internal static class WindowFacts
{
    public static async Task<Dictionary<string, SignalInput>> GatherAsync(AttestDbContext db, string systemId, IReadOnlyList<MonitoringSignal> signals, DateTimeOffset now,
        CancellationToken ct)
    {
        var inputs = new Dictionary<string, SignalInput>(StringComparer.Ordinal);
        foreach (var signal in signals.Where(s => s.Window.Last is null))
            inputs[signal.Id] = await MonitoringFacts.GatherAsync(db, systemId, signal, now, ct);
        var strings = new Interner();
        var windows = signals.Where(s => s.Window.Last is not null).GroupBy(s => s.Window.Last!.Value).Select(g => new Window(g.Key, [.. g], now, strings)).ToList();
        if (windows.Count == 0) return inputs;

        // One pass over the longest span any window needs, oldest first; each row feeds the windows it falls in.
        var from = windows.Min(w => w.From);
        var needLabels = windows.Any(w => w.NeedLabels);
        var needAttributes = windows.Any(w => w.Attributes.Length > 0);
        var needFeatures = windows.Any(w => w.Features.Length > 0);
        var sql = $"""
            SELECT "OccurredAt", "Output", "OutputIsNumber", "Ungoverned", {(needLabels ? "\"Outcome\"" : "NULL")}, {(needAttributes ? "\"AttributesJson\"" : "NULL")}, {(needFeatures ? "\"FeaturesJson\"" : "NULL")}
            FROM decisions WHERE "SystemId" = @system AND "OccurredAt" > @from AND "OccurredAt" <= @now ORDER BY "OccurredAt"
            """;
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        if (connection is SqliteConnection sqlite)
            ReadSqlite(sqlite, sql, systemId, from.UtcTicks, now.UtcTicks, windows, strings, ct);
        else
            await ReadAsync(db, connection, sql, systemId, from, now, windows, strings, ct);
        foreach (var window in windows)
            foreach (var signal in window.Signals)
                inputs[signal.Id] = await window.InputAsync(db, systemId, signal, now, strings, ct);
        return inputs;
    }

    // SQLite: the statement's own bytes, valid until the next step — no string for a text column unless its value is new.
    private static void ReadSqlite(SqliteConnection connection, string sql, string systemId, long from, long now, List<Window> windows, Interner strings, CancellationToken ct)
    {
        var handle = connection.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            raw.sqlite3_bind_text(statement, raw.sqlite3_bind_parameter_index(statement, "@system"), systemId);
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@from"), from);
            raw.sqlite3_bind_int64(statement, raw.sqlite3_bind_parameter_index(statement, "@now"), now);
            long rows = 0;
            while ((rc = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                var row = new Row
                {
                    OccurredAt = raw.sqlite3_column_int64(statement, 0),
                    Output = strings.Id(raw.sqlite3_column_blob(statement, 1)),
                    OutputIsNumber = raw.sqlite3_column_int(statement, 2) != 0,
                    Ungoverned = raw.sqlite3_column_int(statement, 3) != 0,
                    Outcome = raw.sqlite3_column_type(statement, 4) == raw.SQLITE_NULL ? Interner.None : strings.Id(raw.sqlite3_column_blob(statement, 4)),
                    Attributes = raw.sqlite3_column_blob(statement, 5),
                    Features = raw.sqlite3_column_blob(statement, 6),
                };
                foreach (var window in windows)
                    window.Add(row, strings);
            }
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, handle);
        }
    }

    // Any other provider (PostgreSQL): a DbDataReader, times and text through the provider's own types.
    private static async Task ReadAsync(AttestDbContext db, System.Data.Common.DbConnection connection, string sql, string systemId, DateTimeOffset from, DateTimeOffset now,
        List<Window> windows, Interner strings, CancellationToken ct)
    {
        var attributes = new byte[256];
        var features = new byte[256];
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        Parameter(command, "@system", systemId);
        Parameter(command, "@from", from);
        Parameter(command, "@now", now);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new Row
            {
                OccurredAt = reader.GetFieldValue<DateTimeOffset>(0).UtcTicks,
                Output = strings.Id(reader.GetString(1)),
                OutputIsNumber = reader.GetBoolean(2),
                Ungoverned = reader.GetBoolean(3),
                Outcome = reader.IsDBNull(4) ? Interner.None : strings.Id(reader.GetString(4)),
                Attributes = reader.IsDBNull(5) ? default : Bytes(reader.GetString(5), ref attributes),
                Features = reader.IsDBNull(6) ? default : Bytes(reader.GetString(6), ref features),
            };
            foreach (var window in windows)
                window.Add(row, strings);
        }
    }

    private static void Parameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }

    private sealed record ReviewCounts(long Items, long Resolved, long Overridden, long SlaBreaches);

    /// <summary>One decision as read: output and outcome as interned ids (<see cref="Interner.None"/> for no outcome), the JSON columns as UTF-8.</summary>
    private ref struct Row
    {
        public long OccurredAt;
        public int Output;
        public bool OutputIsNumber;
        public bool Ungoverned;
        public int Outcome;
        public ReadOnlySpan<byte> Attributes;
        public ReadOnlySpan<byte> Features;
    }

    /// <summary>The signals of one time window and what they accumulate: the window (start, now], and the one before it for drift.</summary>
    private sealed class Window
    {
        private readonly long _start;
        private readonly bool _drift;
        private readonly Dictionary<string, Tally> _tallies = new(StringComparer.Ordinal);
        private readonly Tally[] _distinctTallies;
        private readonly int[] _groups;
        private readonly ColumnValues[] _featureColumns;
        private readonly ColumnValues _outputColumn = new();
        private long _decisions, _ungoverned;

        public Window(TimeSpan last, List<MonitoringSignal> signals, DateTimeOffset now, Interner strings)
        {
            Signals = signals;
            Start = now - last;
            _start = Start.UtcTicks;
            _drift = signals.Any(s => s.Kind is SignalKind.Drift or SignalKind.PredictionDrift);
            From = _drift ? Start - last : Start;
            FromTicks = From.UtcTicks;
            var labels = signals.Where(s => s.Kind is SignalKind.Performance or SignalKind.Fairness).ToList();
            NeedLabels = labels.Count > 0;
            Attributes = [.. labels.Where(s => s.Attribute is not null).Select(s => s.Attribute!).Distinct(StringComparer.Ordinal)];
            Features = [.. signals.Where(s => s.Kind == SignalKind.Drift && s.Feature is not null).Select(s => s.Feature!).Distinct(StringComparer.Ordinal)];
            _groups = new int[Attributes.Length];
            _featureColumns = [.. Features.Select(_ => new ColumnValues())];
            // Signals counting the same cells (attribute, positive value, need of an outcome) share one tally.
            var distinct = new Dictionary<(string?, string?, bool), Tally>();
            foreach (var s in labels)
            {
                var key = (s.Attribute, s.Positive, SignalCatalog.NeedsOutcome(s.Kind, s.Metric));
                if (!distinct.TryGetValue(key, out var tally))
                    distinct[key] = tally = new Tally(s.Attribute is null ? -1 : Array.IndexOf(Attributes, s.Attribute), s.Positive is null ? Interner.Nothing : strings.Id(s.Positive),
                        key.Item3, strings.Id("all"));
                _tallies[s.Id] = tally;
            }
            _distinctTallies = [.. distinct.Values];
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
                for (var a = 0; a < Attributes.Length; a++)
                    _groups[a] = DecisionFields.Read(row.Attributes, Attributes[a], strings.Value, spellNumbers: true, out _, out _) is { } group ? strings.Id(group) : Interner.None;
                foreach (var tally in _distinctTallies)
                    tally.Add(row.Output, row.Outcome, _groups);
            }
            for (var f = 0; f < Features.Length; f++)
            {
                if (DecisionFields.Read(row.Features, Features[f], strings.Value, spellNumbers: false, out var isNumber, out var number) is { } text)
                    _featureColumns[f].Add(isNumber ? Interner.None : strings.Id(text), isNumber, number, current);
            }
            if (_drift)
            {
                var number = double.NaN;
                var isNumber = row.OutputIsNumber && strings.Number(row.Output, out number);
                _outputColumn.Add(isNumber ? Interner.None : row.Output, isNumber, number, current);
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

        public async Task<SignalInput> InputAsync(AttestDbContext db, string systemId, MonitoringSignal signal, DateTimeOffset now, Interner strings, CancellationToken ct)
        {
            switch (signal.Kind)
            {
                case SignalKind.Performance or SignalKind.Fairness:
                    return new SignalInput { Decisions = _decisions, Labels = _tallies[signal.Id].Counts(strings) };
                case SignalKind.Drift or SignalKind.PredictionDrift:
                    {
                        var column = signal.Kind == SignalKind.PredictionDrift ? _outputColumn : _featureColumns[Array.IndexOf(Features, signal.Feature)];
                        var (type, refs, curs, categories) = column.Build(withReference: signal.Reference?.EvidenceId is null, strings);
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

    /// <summary>
    /// The confusion cells of one (attribute, positive value, need of an outcome), counted per group in order of first
    /// sight — what <see cref="LabelCounts.Count"/> makes of the rows, without keeping them.
    /// </summary>
    private sealed class Tally(int attribute, int positive, bool needsOutcome, int all)
    {
        private int[] _codeOf = [];
        private readonly List<int> _groups = [];
        private readonly List<long> _cells = [];

        public void Add(int output, int outcome, int[] groups)
        {
            if (needsOutcome && outcome == Interner.None) return;
            var group = attribute < 0 ? all : groups[attribute];
            if (group == Interner.None) return;
            if (group >= _codeOf.Length)
            {
                var grown = new int[Math.Max(group + 1, _codeOf.Length * 2)];
                grown.AsSpan().Fill(-1);
                _codeOf.CopyTo(grown, 0);
                _codeOf = grown;
            }
            var code = _codeOf[group];
            if (code < 0)
            {
                code = _codeOf[group] = _groups.Count;
                _groups.Add(group);
                _cells.AddRange([0, 0, 0, 0]);
            }
            // Ids are equal exactly when the strings are; no outcome (None) and no positive value (Nothing) never match.
            CollectionsMarshal.AsSpan(_cells)[code * 4 + ConfusionCounts.CellIndex(outcome == positive, output == positive)]++;
        }

        public LabelCounts Counts(Interner strings) => new([.. _groups.Select(g => strings[g])], [.. _cells]);
    }

    // The UTF-8 bytes of a JSON text, in a buffer reused across rows.
    private static ReadOnlySpan<byte> Bytes(string? json, ref byte[] buffer)
    {
        if (string.IsNullOrEmpty(json)) return default;
        var max = Encoding.UTF8.GetMaxByteCount(json.Length);
        if (buffer.Length < max) buffer = new byte[Math.Max(max, buffer.Length * 2)];
        return buffer.AsSpan(0, Encoding.UTF8.GetBytes(json, buffer));
    }

    /// <summary>One small id per distinct string read, looked up without allocating; the id's number, when the string is one, parsed once.</summary>
    private sealed class Interner
    {
        /// <summary>No value (a missing outcome or group; a number in a drift column).</summary>
        public const int None = -1;

        /// <summary>A value no string is: a signal without a positive value.</summary>
        public const int Nothing = -2;

        // The codes are the evaluation engine's interner; this adds the number each value reads as and the JSON hook.
        private readonly ValueInterner _codes = new();
        private readonly List<(bool IsNumber, double Value)> _numbers = [];

        public Interner() => Value = Of;

        public string this[int id] => _codes.Values[id];

        /// <summary>Made once: a method group would allocate a delegate per value read.</summary>
        public DecisionFields.StringValue Value { get; }

        public int Id(string value) => Known(_codes.Intern(value));

        public int Id(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length > 128) return Id(Encoding.UTF8.GetString(utf8));
            Span<char> chars = stackalloc char[128];
            var n = Encoding.UTF8.GetChars(utf8, chars);
            return Known(_codes.Intern(chars[..n]));
        }

        /// <summary>Whether the string reads as a number (invariant culture), as the per-signal gathering parses an output.</summary>
        public bool Number(int id, out double value)
        {
            (var isNumber, value) = _numbers[id];
            return isNumber;
        }

        private string Of(ref Utf8JsonReader reader) =>
            this[reader.ValueIsEscaped || reader.HasValueSequence || reader.ValueSpan.Length > 128 ? Id(reader.GetString()!) : Id(reader.ValueSpan)];

        // A new code gets its number once, when it is first seen.
        private int Known(int id)
        {
            while (_numbers.Count < _codes.Count)
            {
                var isNumber = double.TryParse(_codes.Values[_numbers.Count], NumberStyles.Float, CultureInfo.InvariantCulture, out var number);
                _numbers.Add((isNumber, isNumber ? number : double.NaN));
            }
            return id;
        }
    }

    /// <summary>A drift column in decision order: all numbers (numerical) or otherwise categories coded in order of first sight.</summary>
    private sealed class ColumnValues
    {
        private readonly List<(double Number, int Text, bool Reference)> _values = [];
        private bool _allNumbers = true, _currentAllNumbers = true;

        /// <summary>A value: a number, or a text by its interned id.</summary>
        public void Add(int text, bool isNumber, double number, bool current)
        {
            if (isNumber && !double.IsFinite(number)) return;
            _values.Add((number, text, !current));
            _allNumbers &= isNumber;
            if (current) _currentAllNumbers &= isNumber;
        }

        public (DriftColumnType, double[], double[], IReadOnlyList<string>?) Build(bool withReference, Interner strings)
        {
            var refs = new List<double>();
            var curs = new List<double>();
            // Without the window before (a stored reference), only the current values decide the column's type.
            if (withReference ? _allNumbers : _currentAllNumbers)
            {
                foreach (var v in _values)
                    if (!v.Reference) curs.Add(v.Number);
                    else if (withReference) refs.Add(v.Number);
                return (DriftColumnType.Numerical, [.. refs], [.. curs], null);
            }
            var codeOf = new Dictionary<int, int>();
            var names = new List<string>();
            foreach (var v in _values)
            {
                if (v.Reference && !withReference) continue;
                // A number among texts is a category spelled as the per-signal gathering spells it.
                var text = v.Text == Interner.None ? strings.Id(v.Number.ToString("R", CultureInfo.InvariantCulture)) : v.Text;
                if (!codeOf.TryGetValue(text, out var code)) { code = codeOf[text] = names.Count; names.Add(strings[text]); }
                (v.Reference ? refs : curs).Add(code);
            }
            return (DriftColumnType.Categorical, [.. refs], [.. curs], names);
        }
    }
}
