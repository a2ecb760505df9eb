using nietras.SeparatedValues;

namespace Attest.Evaluation.Input;

/// <summary>
/// A CSV file as a table, parsed by Sep (measured against the former hand-written reader and Sylvan.Data.Csv in
/// bench/README.md): RFC 4180 quoting with "" and quoted line breaks, LF or CRLF, the delimiter (',' ';' or tab)
/// detected from the header line unless given, blank lines skipped (as pandas does). The first record is the
/// header; every row must have its width. Decoding, the BOM and the row-size limit live in <see cref="CsvTextReader"/>;
/// a field longer than <see cref="MaxFieldChars"/> is refused here.
/// </summary>
public sealed class CsvTableSource : ITableSource
{
    /// <summary>The longest field read: 1 Mi characters.</summary>
    public const int MaxFieldChars = 1 << 20;

    private readonly SepReader _sep;
    private readonly Stream _stream;
    private readonly long _length;
    private long _row;
    private long _lineNumber;

    public CsvTableSource(Stream stream, string fileName, byte? delimiter, int maxRecordChars = CsvTextReader.MaxRecordChars)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        FileName = fileName;
        _length = stream.CanSeek ? stream.Length : 0;
        var text = new CsvTextReader(stream, fileName, maxRecordChars);
        var separator = (char)(delimiter ?? DetectDelimiter(text.PeekFirstLine()));
        Delimiter = (byte)separator;
        _sep = Sep.Reader(o => o with
        {
            Sep = new Sep(separator),
            HasHeader = false,
            Unescape = true,
            DisableColCountCheck = true,
            CultureInfo = System.Globalization.CultureInfo.InvariantCulture,
        }).From(text);
        if (!NextRecord())
            throw new EvaluationInputException($"{fileName}: the file is empty (expected a header row and data rows)");
        var row = _sep.Current;
        var names = new string[row.ColCount];
        for (var i = 0; i < names.Length; i++) names[i] = row[i].Span.Trim().ToString();
        Header = names;
        _row = 0;
    }

    public string FileName { get; }
    public byte Delimiter { get; }
    public IReadOnlyList<string> Header { get; }
    public int FieldCount => _sep.Current.ColCount;
    public double Progress => _length > 0 ? (double)_stream.Position / _length : 0;

    /// <summary>The 1-based line on which the current row starts.</summary>
    public long LineNumber => _lineNumber;

    /// <summary>Data rows read so far (the header is not a row).</summary>
    public long RowNumber => _row;

    public bool Read()
    {
        if (!NextRecord()) return false;
        var row = _sep.Current;
        if (row.ColCount != Header.Count)
            throw new EvaluationInputException(
                $"{FileName}: row {_row} (line {_lineNumber}): {row.ColCount} fields, expected {Header.Count} as in the header");
        if (row.Span.Length > MaxFieldChars)
            for (var i = 0; i < row.ColCount; i++)
                if (row[i].Span.Length > MaxFieldChars)
                    throw new EvaluationInputException(
                        $"{Locate(Header[i])}: a field of {row[i].Span.Length} characters, longer than the limit of {MaxFieldChars} (1 Mi)");
        return true;
    }

    private bool NextRecord()
    {
        try
        {
            while (_sep.MoveNext())
            {
                var row = _sep.Current;
                if (row.ColCount == 1 && row.Span.Length == 0) continue; // a blank line
                _row++;
                _lineNumber = row.LineNumberFrom;
                return true;
            }
            return false;
        }
        catch (InvalidDataException e)
        {
            throw new EvaluationInputException($"{FileName}: line {_lineNumber + 1}: {e.Message}");
        }
    }

    public ReadOnlySpan<char> Field(int index) => _sep.Current[index].Span;
    public string FieldText(int index) => _sep.Current[index].Span.ToString();
    public string Locate(string column) => $"{FileName}: row {_row} (line {_lineNumber}), column '{column}'";

    /// <summary>The most frequent of ',' ';' tab outside quotes on the header line (',' on a tie or none).</summary>
    public static byte DetectDelimiter(ReadOnlySpan<char> headerLine)
    {
        ReadOnlySpan<char> candidates = [',', ';', '\t'];
        Span<int> counts = stackalloc int[3];
        var inQuotes = false;
        foreach (var c in headerLine)
        {
            if (c == '"') inQuotes = !inQuotes;
            else if (!inQuotes)
                for (var k = 0; k < 3; k++) if (c == candidates[k]) counts[k]++;
        }
        var best = 0;
        for (var k = 1; k < 3; k++) if (counts[k] > counts[best]) best = k;
        return (byte)candidates[best];
    }

    public void Dispose()
    {
        _sep.Dispose();
        _stream.Dispose();
    }
}
