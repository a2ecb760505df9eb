using System.Globalization;
using Parquet;
using Parquet.Schema;

namespace Attest.Evaluation.Input;

/// <summary>
/// A Parquet file as a table (Parquet.Net 6). Flat columns of strings, booleans, integers and floating-point
/// numbers are read a row group at a time and presented as text, the way they would appear in a CSV
/// (numbers in round-trip form, booleans True/False, nulls as empty fields), so every reader treats both
/// formats identically. Memory is one row group of the columns actually used.
/// </summary>
public sealed class ParquetTableSource : ITableSource
{
    private readonly ParquetReader _reader;
    private readonly DataField[] _fields;
    private readonly char[]?[] _text;
    private readonly int[]?[] _offsets;
    private ParquetRowGroupReader? _groupReader;
    private int _group = -1;
    private long _groupRows;
    private long _rowInGroup;
    private long _row;
    private readonly long _totalRows;

    public ParquetTableSource(Stream stream, string fileName)
    {
        FileName = fileName;
        try
        {
            _reader = ParquetReader.CreateAsync(stream, null, false).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new EvaluationInputException($"{fileName}: not a readable Parquet file ({e.Message})");
        }
        _fields = _reader.Schema.GetDataFields();
        Header = [.. _fields.Select(f => f.Name)];
        _text = new char[_fields.Length][];
        _offsets = new int[_fields.Length][];
        for (var g = 0; g < _reader.RowGroupCount; g++)
        {
            using var group = _reader.OpenRowGroupReader(g);
            _totalRows += group.RowCount;
        }
    }

    public string FileName { get; }
    public IReadOnlyList<string> Header { get; }
    public int FieldCount => _fields.Length;
    public double Progress => _totalRows == 0 ? 0 : (double)_row / _totalRows;

    public bool Read()
    {
        while (_rowInGroup >= _groupRows)
        {
            if (_group + 1 >= _reader.RowGroupCount) return false;
            LoadGroup(++_group);
        }
        _rowInGroup++;
        _row++;
        return true;
    }

    private void LoadGroup(int index)
    {
        _groupReader?.Dispose();
        _groupReader = _reader.OpenRowGroupReader(index);
        _groupRows = _groupReader.RowCount;
        _rowInGroup = 0;
        Array.Clear(_text);
        Array.Clear(_offsets);
    }

    // Columns are decoded on first use in each row group, so unused columns cost nothing.
    private void LoadColumn(int c)
    {
        var group = _groupReader!;
        var rows = checked((int)group.RowCount);
        {
            var field = _fields[c];
            if (field.IsArray || field.MaxRepetitionLevel > 0)
                throw new EvaluationInputException($"{FileName}: column '{field.Name}' is nested or repeated; only flat columns are supported");
            var values = ReadAsText(group, field, rows);
            var offsets = new int[rows + 1];
            long total = 0;
            foreach (var v in values) total += v?.Length ?? 0;
            if (total > Array.MaxLength)
                throw new EvaluationInputException($"{FileName}: row group {_group + 1}, column '{field.Name}': more than {Array.MaxLength} characters of text in one row group");
            var text = GC.AllocateUninitializedArray<char>((int)total);
            var at = 0;
            for (var r = 0; r < rows; r++)
            {
                if (values[r] is { } v)
                {
                    if (v.Length > CsvTableSource.MaxFieldChars)
                        throw new EvaluationInputException($"{FileName}: row {_row - _rowInGroup + r + 1}, column '{field.Name}': a field of {v.Length} characters, longer than the limit of {CsvTableSource.MaxFieldChars} (1 Mi)");
                    v.CopyTo(text.AsSpan(at));
                    at += v.Length;
                }
                offsets[r + 1] = at;
            }
            _text[c] = text;
            _offsets[c] = offsets;
        }
    }

    private string?[] ReadAsText(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        string?[] Convert<T>(Func<T, string> format) where T : struct
        {
            if (!field.IsNullable)
            {
                var plain = new T[rows];
                group.ReadAsync<T>(field, plain.AsMemory(), null).AsTask().GetAwaiter().GetResult();
                return [.. plain.Select(format)];
            }
            var buffer = new T?[rows];
            group.ReadAsync<T>(field, buffer.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            return [.. buffer.Select(v => v is { } x ? format(x) : null)];
        }
        var ci = CultureInfo.InvariantCulture;
        if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
        {
            var buffer = new string?[rows];
            group.ReadAsync(field, buffer.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            return buffer;
        }
        if (type == typeof(double)) return Convert<double>(v => v.ToString("R", ci));
        if (type == typeof(float)) return Convert<float>(v => ((double)v).ToString("R", ci));
        if (type == typeof(int)) return Convert<int>(v => v.ToString(ci));
        if (type == typeof(long)) return Convert<long>(v => v.ToString(ci));
        if (type == typeof(short)) return Convert<short>(v => v.ToString(ci));
        if (type == typeof(byte)) return Convert<byte>(v => v.ToString(ci));
        if (type == typeof(sbyte)) return Convert<sbyte>(v => v.ToString(ci));
        if (type == typeof(bool)) return Convert<bool>(v => v ? "True" : "False");
        if (type == typeof(decimal)) return Convert<decimal>(v => v.ToString(ci));
        throw new EvaluationInputException($"{FileName}: column '{field.Name}' has type {type.Name}, which evaluation does not read");
    }

    public ReadOnlySpan<char> Field(int index)
    {
        if (_text[index] is null)
        {
            try
            {
                LoadColumn(index);
            }
            catch (Exception e) when (e is not EvaluationInputException and not OutOfMemoryException)
            {
                throw new EvaluationInputException($"{FileName}: row group {_group + 1}, column '{_fields[index].Name}': cannot be decoded ({e.Message})");
            }
        }
        var r = (int)_rowInGroup - 1;
        var offsets = _offsets[index]!;
        return _text[index].AsSpan(offsets[r], offsets[r + 1] - offsets[r]);
    }

    public string FieldText(int index) => Field(index).ToString();

    public string Locate(string column) => $"{FileName}: row {_row}, column '{column}'";

    public void Dispose()
    {
        _groupReader?.Dispose();
        _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
