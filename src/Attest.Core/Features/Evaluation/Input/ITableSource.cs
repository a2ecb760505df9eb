namespace Attest.Core.Features.Evaluation.Input;

/// <summary>
/// Rows of a table read one at a time, each field as UTF-8 bytes (valid until the next <see cref="Read"/>).
/// CSV and Parquet both come through here, so every reader has one code path and one set of error messages.
/// </summary>
public interface ITableSource : IDisposable
{
    string FileName { get; }
    IReadOnlyList<string> Header { get; }
    bool Read();
    int FieldCount { get; }
    ReadOnlySpan<byte> Field(int index);
    string FieldText(int index);

    /// <summary>"FILE: row N (line L), column 'C'" for error messages.</summary>
    string Locate(string column);

    /// <summary>Share of the input consumed, 0 to 1 (for progress bars).</summary>
    double Progress { get; }
}

/// <summary>Opens CSV or Parquet by content: Parquet files start with the magic bytes "PAR1".</summary>
public static class TableSources
{
    public static ITableSource Open(Stream stream, string fileName, byte? delimiter)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && stream.Length >= 4)
        {
            Span<byte> magic = stackalloc byte[4];
            stream.ReadExactly(magic);
            stream.Position = 0;
            if (magic.SequenceEqual("PAR1"u8)) return new ParquetTableSource(stream, fileName);
        }
        return new CsvTableSource(stream, fileName, delimiter);
    }

    public static int Require(ITableSource source, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var i = 0; i < source.Header.Count; i++)
            if (source.Header[i] == name) return i;
        throw new EvaluationInputException($"{source.FileName}: no column '{name}' for {role} (columns: {string.Join(", ", source.Header)})");
    }
}

/// <summary>A CSV file as a table: the first record is the header; every row must have its width.</summary>
public sealed class CsvTableSource : ITableSource
{
    private readonly CsvRecordReader _reader;
    private readonly long _length;
    private readonly Stream _stream;

    public CsvTableSource(Stream stream, string fileName, byte? delimiter)
    {
        _stream = stream;
        _length = stream.CanSeek ? stream.Length : 0;
        _reader = new CsvRecordReader(stream, fileName, delimiter);
        Header = CsvColumns.ReadHeader(_reader);
    }

    public string FileName => _reader.FileName;
    public IReadOnlyList<string> Header { get; }
    public int FieldCount => _reader.FieldCount;
    public double Progress => _length > 0 ? (double)_stream.Position / _length : 0;

    public bool Read()
    {
        if (!_reader.Read()) return false;
        CsvColumns.RequireWidth(_reader, Header.Count);
        return true;
    }

    public ReadOnlySpan<byte> Field(int index) => _reader.Field(index);
    public string FieldText(int index) => _reader.FieldText(index);
    public string Locate(string column) => CsvColumns.Describe(_reader, column);
    public void Dispose() => _reader.Dispose();
}
