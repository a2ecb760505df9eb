using System.Globalization;
using Attest.Engine.Evaluation.Drift;

namespace Attest.Core.Evaluation.Input;

/// <summary>
/// Loads the columns to compare from a reference and a current CSV. Column types follow the reference harness's
/// replica of Evidently's type inference on the current data's pandas dtype: floats are numerical; integers are
/// categorical with at most 10 distinct values, else numerical; booleans and strings are categorical, except
/// strings with more distinct values than half the non-missing rows, which are free text and not tested.
/// Missing (pandas na_values) and infinite values are dropped, as Evidently does.
/// </summary>
public static class DriftTableReader
{
    public sealed record Table(IReadOnlyList<DriftColumn> Columns, IReadOnlyList<string> SkippedTextColumns, long ReferenceRows, long CurrentRows);

    private enum Kind { Integer, Float, Boolean, Text }

    private sealed class Profile
    {
        public bool AllInt = true, AllFloat = true, AllBool = true, AnyMissing;
        public long NonMissing;
        public readonly ValueInterner Distinct = new();
    }

    public static Table Read(Func<Stream> openReference, string referenceName, Func<Stream> openCurrent, string currentName,
        IReadOnlyList<string>? columns, byte? delimiter)
    {
        ArgumentNullException.ThrowIfNull(openReference);
        ArgumentNullException.ThrowIfNull(openCurrent);
        string[] referenceHeader;
        using (var r = new CsvRecordReader(openReference(), referenceName, delimiter)) referenceHeader = CsvColumns.ReadHeader(r);
        var names = new List<string>();
        var profiles = new List<Profile>();
        long currentRows = 0;
        using (var reader = new CsvRecordReader(openCurrent(), currentName, delimiter))
        {
            var header = CsvColumns.ReadHeader(reader);
            var selected = columns ?? header.Where(referenceHeader.Contains).ToArray();
            if (selected.Count == 0)
                throw new EvaluationInputException($"{currentName}: no column in common with {referenceName}");
            var indexes = new int[selected.Count];
            for (var i = 0; i < selected.Count; i++)
            {
                indexes[i] = CsvColumns.Require(header, selected[i], currentName, "drift");
                CsvColumns.Require(referenceHeader, selected[i], referenceName, "drift");
                names.Add(selected[i]);
                profiles.Add(new Profile());
            }
            while (reader.Read())
            {
                CsvColumns.RequireWidth(reader, header.Length);
                currentRows++;
                for (var i = 0; i < indexes.Length; i++) Observe(profiles[i], reader.Field(indexes[i]));
            }
            if (currentRows == 0) throw new EvaluationInputException($"{currentName}: has a header but no data rows");
        }

        var kinds = profiles.Select(KindOf).ToArray();
        var types = new DriftColumnType?[names.Count];
        var skipped = new List<string>();
        for (var i = 0; i < names.Count; i++)
        {
            var p = profiles[i];
            types[i] = kinds[i] switch
            {
                Kind.Float => DriftColumnType.Numerical,
                Kind.Integer => p.Distinct.Count <= 10 ? DriftColumnType.Categorical : DriftColumnType.Numerical,
                Kind.Boolean => DriftColumnType.Categorical,
                _ => p.Distinct.Count > p.NonMissing * 0.5 ? null : DriftColumnType.Categorical,
            };
            if (types[i] is null) skipped.Add(names[i]);
        }

        var interners = names.Select(_ => new ValueInterner()).ToArray();
        var (reference, referenceRows) = Load(openReference(), referenceName, names, kinds, types, interners, delimiter);
        var (current, _) = Load(openCurrent(), currentName, names, kinds, types, interners, delimiter);
        var result = new List<DriftColumn>();
        for (var i = 0; i < names.Count; i++)
        {
            if (types[i] is not { } type) continue;
            var categories = kinds[i] is Kind.Boolean or Kind.Text ? interners[i].Values : null;
            result.Add(new DriftColumn(names[i], type, reference[i], current[i], categories));
        }
        return new Table(result, skipped, referenceRows, currentRows);
    }

    private static void Observe(Profile p, ReadOnlySpan<byte> field)
    {
        if (MissingValues.IsMissing(field)) { p.AnyMissing = true; return; }
        p.NonMissing++;
        p.Distinct.Intern(field);
        if (p.AllInt && !IsInteger(field)) p.AllInt = false;
        if (p.AllFloat && !p.AllInt && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) p.AllFloat = false;
        if (p.AllBool && BoolValue(field) is null) p.AllBool = false;
    }

    private static Kind KindOf(Profile p) =>
        p.NonMissing == 0 ? Kind.Float
        : p.AllInt ? (p.AnyMissing ? Kind.Float : Kind.Integer)
        : p.AllFloat ? Kind.Float
        : p.AllBool && !p.AnyMissing ? Kind.Boolean
        : Kind.Text;

    private static bool IsInteger(ReadOnlySpan<byte> field)
    {
        var start = field[0] is (byte)'-' or (byte)'+' ? 1 : 0;
        if (start == field.Length) return false;
        for (var i = start; i < field.Length; i++) if (field[i] is < (byte)'0' or > (byte)'9') return false;
        return true;
    }

    private static bool? BoolValue(ReadOnlySpan<byte> field) =>
        field.SequenceEqual("True"u8) || field.SequenceEqual("TRUE"u8) || field.SequenceEqual("true"u8) ? true
        : field.SequenceEqual("False"u8) || field.SequenceEqual("FALSE"u8) || field.SequenceEqual("false"u8) ? false
        : null;

    private static (double[][] Values, long Rows) Load(Stream stream, string fileName, List<string> names, Kind[] kinds,
        DriftColumnType?[] types, ValueInterner[] interners, byte? delimiter)
    {
        using var reader = new CsvRecordReader(stream, fileName, delimiter);
        var header = CsvColumns.ReadHeader(reader);
        var indexes = names.Select(n => CsvColumns.Require(header, n, fileName, "drift")).ToArray();
        var values = names.Select(_ => new List<double>()).ToArray();
        long rows = 0;
        while (reader.Read())
        {
            CsvColumns.RequireWidth(reader, header.Length);
            rows++;
            for (var i = 0; i < indexes.Length; i++)
            {
                if (types[i] is null) continue;
                var field = reader.Field(indexes[i]);
                if (MissingValues.IsMissing(field)) continue;
                switch (kinds[i])
                {
                    case Kind.Integer or Kind.Float:
                        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                            throw new EvaluationInputException($"{CsvColumns.Describe(reader, names[i])}: '{reader.FieldText(indexes[i])}' is not a number (the column is numeric in the current data)");
                        if (double.IsFinite(v)) values[i].Add(v);
                        break;
                    case Kind.Boolean:
                        var b = BoolValue(field) ?? throw new EvaluationInputException($"{CsvColumns.Describe(reader, names[i])}: '{reader.FieldText(indexes[i])}' is not True/False (the column is boolean in the current data)");
                        values[i].Add(interners[i].Intern(b ? "True" : "False"));
                        break;
                    default:
                        values[i].Add(interners[i].Intern(field));
                        break;
                }
            }
        }
        if (rows == 0) throw new EvaluationInputException($"{fileName}: has a header but no data rows");
        return (values.Select(v => v.ToArray()).ToArray(), rows);
    }
}
