using Attest.Engine.Evaluation.Drift;

namespace Attest.Evaluation.Input;

/// <summary>
/// Loads the columns to compare from a reference and a current CSV. Column types follow the reference harness's
/// replica of Evidently's type inference on the current data's pandas dtype: floats are numerical; integers are
/// categorical with at most 10 distinct values, else numerical; booleans and strings are categorical, except
/// strings with more distinct values than half the non-missing rows, which are free text and not tested.
/// Missing (pandas na_values) and infinite values are dropped, as Evidently does. The current file is read once
/// (values are kept as numbers until a column proves to be text) while the reference is read at the same time on
/// another core, its columns as numbers; only a column that the current data shows to be categorical (or a number
/// column with text in the reference, to name the bad field) reads the reference again.
/// </summary>
public static class DriftTableReader
{
    public sealed record Table(IReadOnlyList<DriftColumn> Columns, IReadOnlyList<string> SkippedTextColumns, long ReferenceRows, long CurrentRows);

    private enum Kind { Integer, Float, Boolean, Text }

    private sealed class Column(string name)
    {
        public string Name { get; } = name;
        public bool AllInt = true, AllFloat = true, AllBool = true, AnyMissing, NeedsReread;
        public long NonMissing;
        public readonly HashSet<double> SmallIntegers = [];
        public readonly ValueInterner Categories = new();
        public DoubleBuffer Current = new(0);
        public DoubleBuffer Reference = new(0);
        public bool ReferenceLoaded;
        public Kind Kind;
        public DriftColumnType? Type;
    }

    public static Table Read(Func<Stream> openReference, string referenceName, Func<Stream> openCurrent, string currentName,
        IReadOnlyList<string>? columns, byte? delimiter)
    {
        ArgumentNullException.ThrowIfNull(openReference);
        ArgumentNullException.ThrowIfNull(openCurrent);
        IReadOnlyList<string> referenceHeader;
        using (var r = TableSources.Open(openReference(), referenceName, delimiter)) referenceHeader = r.Header;

        var list = new List<Column>();
        long currentRows = 0;
        using var stop = new CancellationTokenSource();
        Task<(long Rows, DoubleBuffer?[] Numbers)> speculation;
        var currentCapacity = LineCapacity(openCurrent);
        var referenceCapacity = LineCapacity(openReference);
        using (var reader = TableSources.Open(openCurrent(), currentName, delimiter))
        {
            var header = reader.Header;
            var selected = columns ?? header.Where(referenceHeader.Contains).ToArray();
            if (selected.Count == 0)
                throw new EvaluationInputException($"{currentName}: no column in common with {referenceName}");
            var indexes = new int[selected.Count];
            for (var i = 0; i < selected.Count; i++)
            {
                indexes[i] = TableSources.Require(reader, selected[i], "drift");
                if (!referenceHeader.Contains(selected[i]))
                    throw new EvaluationInputException($"{referenceName}: no column '{selected[i]}' for drift (columns: {string.Join(", ", referenceHeader)})");
                list.Add(new Column(selected[i]) { Current = new DoubleBuffer(currentCapacity) });
            }
            speculation = Task.Run(() => SpeculateNumeric(openReference, referenceName, list.Select(c => c.Name).ToArray(), delimiter, referenceCapacity, stop.Token));
            try
            {
                while (reader.Read())
                {
                    currentRows++;
                    for (var i = 0; i < indexes.Length; i++) Observe(list[i], reader.Field(indexes[i]));
                }
                if (currentRows == 0) throw new EvaluationInputException($"{currentName}: has a header but no data rows");
            }
            catch
            {
                stop.Cancel();
                try { speculation.Wait(); } catch (AggregateException) { }
                throw;
            }
        }

        var skipped = new List<string>();
        foreach (var c in list)
        {
            c.Kind = c.NonMissing == 0 ? Kind.Float
                : c.AllInt ? (c.AnyMissing ? Kind.Float : Kind.Integer)
                : c.AllFloat ? Kind.Float
                : c.AllBool && !c.AnyMissing ? Kind.Boolean
                : Kind.Text;
            c.Type = c.Kind switch
            {
                Kind.Float => DriftColumnType.Numerical,
                Kind.Integer => c.SmallIntegers.Count <= 10 ? DriftColumnType.Categorical : DriftColumnType.Numerical,
                Kind.Boolean => DriftColumnType.Categorical,
                _ => c.Categories.Count > c.NonMissing * 0.5 ? null : DriftColumnType.Categorical,
            };
            if (c.Type is null) skipped.Add(c.Name);
        }

        // A column that turned out to be text after numeric-looking rows lost its earlier values: read them again.
        var reread = list.Where(c => c.NeedsReread && c.Type is not null).ToList();
        if (reread.Count > 0)
        {
            foreach (var c in reread) c.Current = new DoubleBuffer(currentCapacity);
            Load(openCurrent(), currentName, reread, delimiter, current: true);
        }
        (long Rows, DoubleBuffer?[] Numbers) speculated;
        try
        {
            speculated = speculation.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw new InvalidOperationException("the reference read was cancelled");
        }
        var referenceRows = speculated.Rows;
        for (var i = 0; i < list.Count; i++)
            if (list[i].Kind is Kind.Integer or Kind.Float && speculated.Numbers[i] is { } numbers)
            {
                list[i].Reference = numbers;
                list[i].ReferenceLoaded = true;
            }
        // Categorical columns, and number columns with text in the reference (Load names the bad field).
        var again = list.Where(c => c.Type is not null && !c.ReferenceLoaded).ToList();
        if (again.Count > 0)
        {
            foreach (var c in again) c.Reference = new DoubleBuffer(referenceCapacity);
            referenceRows = Load(openReference(), referenceName, again, delimiter, current: false);
        }

        var result = new List<DriftColumn>();
        foreach (var c in list)
        {
            if (c.Type is not { } type) continue;
            var categories = c.Kind is Kind.Boolean or Kind.Text ? c.Categories.Values : null;
            result.Add(new DriftColumn(c.Name, type, c.Reference.ToExactArray(), c.Current.ToExactArray(), categories));
            c.Reference = c.Current = new DoubleBuffer(0);
        }
        return new Table(result, skipped, referenceRows, currentRows);
    }

    /// <summary>
    /// An upper bound on the rows of a CSV (its line count), so column buffers are allocated once at their final
    /// size instead of growing by doubling (each growth of a large array leaves garbage on the large-object heap).
    /// </summary>
    private static int LineCapacity(Func<Stream> open)
    {
        using var stream = open();
        if (!stream.CanSeek) return 1024;
        var buffer = new byte[1 << 20];
        Span<byte> magic = stackalloc byte[4];
        if (stream.Length >= 4 && stream.Read(magic) == 4 && magic.SequenceEqual("PAR1"u8)) return 1024; // Parquet: grow as read
        stream.Position = 0;
        long lines = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }
        if (last != '\n') lines++;
        return (int)Math.Clamp(lines - 1, 0, Array.MaxLength); // less the header
    }

    /// <summary>
    /// Reads the reference's columns as numbers (missing and infinite values dropped), on the assumption that they
    /// are; a column where a value is not a number gets null (it is read again once its type is known).
    /// </summary>
    private static (long Rows, DoubleBuffer?[] Numbers) SpeculateNumeric(
        Func<Stream> open, string fileName, string[] names, byte? delimiter, int capacity, CancellationToken stop)
    {
        using var reader = TableSources.Open(open(), fileName, delimiter);
        var indexes = names.Select(n => TableSources.Require(reader, n, "drift")).ToArray();
        var numbers = new DoubleBuffer?[names.Length];
        for (var i = 0; i < numbers.Length; i++) numbers[i] = new DoubleBuffer(capacity);
        long rows = 0;
        while (reader.Read())
        {
            if ((++rows & 0xFFFF) == 0) stop.ThrowIfCancellationRequested();
            for (var i = 0; i < indexes.Length; i++)
            {
                if (numbers[i] is not { } target) continue;
                var field = reader.Field(indexes[i]);
                if (MissingValues.IsMissing(field)) continue;
                if (!FastNumber.TryParse(field, out var v)) { numbers[i] = null; continue; }
                if (double.IsFinite(v)) target.Add(v);
            }
        }
        if (rows == 0) throw new EvaluationInputException($"{fileName}: has a header but no data rows");
        return (rows, numbers);
    }

    private static void Observe(Column c, ReadOnlySpan<char> field)
    {
        if (MissingValues.IsMissing(field)) { c.AnyMissing = true; return; }
        c.NonMissing++;
        if (c.AllFloat)
        {
            if (FastNumber.TryParse(field, out var v))
            {
                if (c.AllInt && !IsInteger(field)) c.AllInt = false;
                if (c.AllInt && c.SmallIntegers.Count <= 10) c.SmallIntegers.Add(v);
                if (double.IsFinite(v)) c.Current.Add(v);
                c.AllBool = false;
                return;
            }
            c.AllFloat = c.AllInt = false;
            c.NeedsReread = c.NonMissing > 1;
        }
        var b = BoolValue(field);
        if (b is null) c.AllBool = false;
        var code = c.AllBool ? c.Categories.Intern(b!.Value ? "True" : "False") : c.Categories.Intern(field);
        c.Current.Add(code);
    }

    private static bool IsInteger(ReadOnlySpan<char> field)
    {
        var start = field[0] is '-' or '+' ? 1 : 0;
        if (start == field.Length) return false;
        for (var i = start; i < field.Length; i++) if (!char.IsAsciiDigit(field[i])) return false;
        return true;
    }

    private static bool? BoolValue(ReadOnlySpan<char> field) =>
        field is "True" or "TRUE" or "true" ? true
        : field is "False" or "FALSE" or "false" ? false
        : null;

    private static long Load(Stream stream, string fileName, List<Column> columns, byte? delimiter, bool current)
    {
        using var reader = TableSources.Open(stream, fileName, delimiter);
        var indexes = columns.Select(c => TableSources.Require(reader, c.Name, "drift")).ToArray();
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < indexes.Length; i++)
            {
                var c = columns[i];
                var target = current ? c.Current : c.Reference;
                var field = reader.Field(indexes[i]);
                if (MissingValues.IsMissing(field)) continue;
                switch (c.Kind)
                {
                    case Kind.Integer or Kind.Float:
                        if (!FastNumber.TryParse(field, out var v))
                            throw new EvaluationInputException($"{reader.Locate(c.Name)}: '{reader.FieldText(indexes[i])}' is not a number (the column is numeric in the current data)");
                        if (double.IsFinite(v)) target.Add(v);
                        break;
                    case Kind.Boolean:
                        var b = BoolValue(field) ?? throw new EvaluationInputException($"{reader.Locate(c.Name)}: '{reader.FieldText(indexes[i])}' is not True/False (the column is boolean in the current data)");
                        target.Add(c.Categories.Intern(b ? "True" : "False"));
                        break;
                    default:
                        target.Add(c.Categories.Intern(field));
                        break;
                }
            }
        }
        if (rows == 0) throw new EvaluationInputException($"{fileName}: has a header but no data rows");
        return rows;
    }
}
