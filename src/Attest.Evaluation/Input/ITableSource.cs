namespace Attest.Evaluation.Input;

/// <summary>
/// Rows of a table read one at a time, each field as characters (valid until the next <see cref="Read"/>), only
/// the columns asked for decoded.
/// CSV and Parquet both come through here, so every reader has one code path and one set of error messages.
/// </summary>
public interface ITableSource : IDisposable
{
    string FileName { get; }
    IReadOnlyList<string> Header { get; }
    bool Read();
    int FieldCount { get; }
    ReadOnlySpan<char> Field(int index);
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
