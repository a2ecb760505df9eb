using System.Diagnostics.CodeAnalysis;

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
    /// <summary>
    /// The feature switch that leaves Parquet out of a build. The Native AOT <c>attest</c> sets it to false (Parquet.Net's
    /// schema code uses reflection that AOT cannot compile) and hands Parquet inputs to the full <c>attest</c>.
    /// </summary>
    public const string ParquetSwitch = "Attest.Evaluation.Parquet";

    [FeatureSwitchDefinition(ParquetSwitch)]
    public static bool ParquetIncluded => !AppContext.TryGetSwitch(ParquetSwitch, out var included) || included;

    public static ITableSource Open(Stream stream, string fileName, byte? delimiter)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek && StartsWithParquetMagic(stream))
        {
            return ParquetIncluded ? new ParquetTableSource(stream, fileName)
                : throw new EvaluationInputException($"{fileName}: a Parquet file; this build of attest reads CSV only (the full attest reads Parquet)");
        }
        return new CsvTableSource(stream, fileName, delimiter);
    }

    /// <summary>
    /// Whether the file at <paramref name="path"/> is a Parquet file. False when it is not a file with content (a pipe or
    /// device is never opened here) or cannot be read: the reader then says why.
    /// </summary>
    public static bool IsParquet(string path)
    {
        try
        {
            if (new FileInfo(path) is not { Exists: true, Length: >= 4 }) return false;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            return stream.CanSeek && StartsWithParquetMagic(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return false;
        }
    }

    private static bool StartsWithParquetMagic(Stream stream)
    {
        if (stream.Length < 4) return false;
        Span<byte> magic = stackalloc byte[4];
        stream.ReadExactly(magic);
        stream.Position = 0;
        return magic.SequenceEqual("PAR1"u8);
    }

    public static int Require(ITableSource source, string name, string role)
    {
        ArgumentNullException.ThrowIfNull(source);
        for (var i = 0; i < source.Header.Count; i++)
            if (source.Header[i] == name) return i;
        throw new EvaluationInputException($"{source.FileName}: no column '{name}' for {role} (columns: {string.Join(", ", source.Header)})");
    }
}
