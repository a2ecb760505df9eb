using System.Buffers;
using System.Text;
using System.Text.Unicode;
using Attest.Evaluation.Input;

namespace Attest.Benchmarks;

/// <summary>
/// The hand-written reader Attest used before Sep, kept here only so the parser comparison can be re-run.
/// Streaming RFC 4180 reader over UTF-8 bytes: quoted fields with embedded delimiters, quotes ("") and line
/// breaks; CRLF or LF; an optional BOM; ',' ';' or tab, detected from the header line unless given. Memory is
/// one buffer that grows only to the longest record. Fields are exposed as byte spans valid until the next
/// <see cref="Read"/>. Blank lines are skipped (as pandas does).
/// </summary>
public sealed class HandWrittenCsvReader : IDisposable
{
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start;
    private int _end;
    private bool _eof;
    private int[] _fieldStart = new int[64];
    private int[] _fieldLength = new int[64];
    private long _line = 1;

    public HandWrittenCsvReader(Stream stream, string fileName, byte? delimiter = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        FileName = fileName;
        // Enough bytes to see a BOM and the whole header line (for delimiter detection), however the stream reads.
        Fill();
        while (!_eof && _end < _buffer.Length && _buffer.AsSpan(0, _end).IndexOf((byte)'\n') < 0) Fill();
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            _start += 3;
        Delimiter = delimiter ?? DetectDelimiter();
    }

    public string FileName { get; }
    public byte Delimiter { get; }
    public int FieldCount { get; private set; }

    /// <summary>Records read so far, header included (the header is record 1).</summary>
    public long RecordNumber { get; private set; }

    /// <summary>The 1-based line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    public ReadOnlySpan<byte> Field(int index) => _buffer.AsSpan(_fieldStart[index], _fieldLength[index]);

    public string FieldText(int index) => Encoding.UTF8.GetString(Field(index));

    public bool Read()
    {
        while (true)
        {
            if (TryReadPlainRecord(out var found))
            {
                if (found) return true;
                continue; // a blank line
            }
            if (!TryFindRecord(out var recordEnd, out var next, out var hasQuotes))
                return false;
            var startLine = _line;
            var recordStart = _start;
            _line += CountNewlines(_buffer.AsSpan(_start, next - _start));
            _start = next;
            if (recordEnd == recordStart) continue;
            RecordNumber++;
            LineNumber = startLine;
            CheckUtf8(recordStart, next, startLine);
            if (hasQuotes) SplitQuoted(recordStart, recordEnd);
            else SplitPlain(recordStart, recordEnd);
            return true;
        }
    }

    private static readonly SearchValues<byte>[] FieldStops =
    [
        SearchValues.Create(",\n\""u8), SearchValues.Create(";\n\""u8), SearchValues.Create("\t\n\""u8),
    ];

    /// <summary>
    /// The fast path: one vectorised scan finds the fields and the end of a record without quotes that lies
    /// wholly in the buffer. Returns false (nothing consumed) when the slow path must handle it.
    /// </summary>
    private bool TryReadPlainRecord(out bool found)
    {
        found = false;
        var stops = Delimiter switch { (byte)',' => FieldStops[0], (byte)';' => FieldStops[1], _ => FieldStops[2] };
        var buffer = _buffer;
        var position = _start;
        var count = 0;
        while (true)
        {
            var i = buffer.AsSpan(position, _end - position).IndexOfAny(stops);
            if (i < 0) return false;
            var b = buffer[position + i];
            if (b == '"') return false;
            if (count == _fieldStart.Length) EnsureFieldCapacity(count + 1);
            _fieldStart[count] = position;
            if (b == Delimiter)
            {
                _fieldLength[count++] = i;
                position += i + 1;
                continue;
            }
            // newline: strip a CR, finish the record
            var length = i > 0 && buffer[position + i - 1] == '\r' ? i - 1 : i;
            _fieldLength[count++] = length;
            var next = position + i + 1;
            var recordStart = _start;
            var startLine = _line;
            _line++;
            _start = next;
            if (count == 1 && length == 0) return true; // blank line: consumed, not a record
            RecordNumber++;
            LineNumber = startLine;
            FieldCount = count;
            CheckUtf8(recordStart, next, startLine);
            found = true;
            return true;
        }
    }

    // Bytes are validated a buffer at a time; a record fails only if it contains the first invalid byte.
    private int _validatedEnd;
    private int _invalidAt = -1;

    private void CheckUtf8(int recordStart, int recordEnd, long line)
    {
        if (_validatedEnd < recordEnd) ValidateBuffered(recordStart);
        if (_invalidAt >= recordStart && _invalidAt < recordEnd)
            throw new EvaluationInputException($"{FileName}: line {line}: not valid UTF-8 (save the file as UTF-8)");
    }

    private void ValidateBuffered(int recordStart)
    {
        if (_invalidAt >= 0) return;
        var from = Math.Max(_validatedEnd, recordStart);
        var end = _end;
        if (!_eof)
        {
            // leave out a multi-byte sequence cut by the end of the buffer
            var back = 0;
            while (back < 3 && end - back - 1 >= from && (_buffer[end - back - 1] & 0xC0) == 0x80) back++;
            if (end - back - 1 >= from && _buffer[end - back - 1] >= 0xC0) end -= back + 1;
        }
        var span = _buffer.AsSpan(from, end - from);
        if (Utf8.IsValid(span))
        {
            _validatedEnd = end;
            return;
        }
        // locate the first invalid byte
        var status = System.Text.Unicode.Utf8.ToUtf16(span, new char[span.Length], out var read, out _, replaceInvalidSequences: false);
        _invalidAt = status == OperationStatus.Done ? -1 : from + read;
        _validatedEnd = end;
    }

    private static long CountNewlines(ReadOnlySpan<byte> span) => span.Count((byte)'\n');

    private byte DetectDelimiter()
    {
        // Count candidates outside quotes on the first line; the most frequent wins (',' on a tie or none).
        ReadOnlySpan<byte> candidates = [(byte)',', (byte)';', (byte)'\t'];
        Span<int> counts = stackalloc int[3];
        var inQuotes = false;
        for (var i = _start; i < _end; i++)
        {
            var b = _buffer[i];
            if (b == '"') inQuotes = !inQuotes;
            else if (!inQuotes && b == '\n') break;
            else if (!inQuotes)
                for (var k = 0; k < 3; k++) if (b == candidates[k]) counts[k]++;
        }
        var best = 0;
        for (var k = 1; k < 3; k++) if (counts[k] > counts[best]) best = k;
        return candidates[best];
    }

    private void Fill()
    {
        while (!_eof)
        {
            if (_start > 0 && _start == _end) { _start = _end = 0; _validatedEnd = 0; }
            if (_end == _buffer.Length)
            {
                if (_start > 0)
                {
                    Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                    _end -= _start;
                    _validatedEnd = Math.Max(0, _validatedEnd - _start);
                    if (_invalidAt >= 0) _invalidAt -= _start;
                    _start = 0;
                }
                else
                {
                    Array.Resize(ref _buffer, _buffer.Length * 2);
                }
            }
            var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0) { _eof = true; return; }
            _end += read;
            return;
        }
    }

    private static readonly SearchValues<byte> QuoteOrNewline = SearchValues.Create("\"\n"u8);

    /// <summary>Finds the end of the record at _start (exclusive, without the line break) and the next record's start.</summary>
    private bool TryFindRecord(out int recordEnd, out int next, out bool hasQuotes)
    {
        var scanFrom = _start;
        var inQuotes = false;
        hasQuotes = false;
        while (true)
        {
            var span = _buffer.AsSpan(scanFrom, _end - scanFrom);
            var found = -1;
            while (true)
            {
                var i = inQuotes ? span.IndexOf((byte)'"') : span.IndexOfAny(QuoteOrNewline);
                if (i < 0) break;
                if (span[i] == '"')
                {
                    hasQuotes = true;
                    inQuotes = !inQuotes;
                    span = span[(i + 1)..];
                    continue;
                }
                found = _end - span.Length + i;
                break;
            }
            if (found >= 0)
            {
                next = found + 1;
                recordEnd = found > _start && _buffer[found - 1] == '\r' ? found - 1 : found;
                return true;
            }
            if (_eof)
            {
                if (_start == _end) { recordEnd = next = _start; return false; }
                if (inQuotes)
                    throw new EvaluationInputException($"{FileName}: line {_line}: a quoted field is never closed (missing '\"')");
                next = _end;
                recordEnd = _end > _start && _buffer[_end - 1] == '\r' ? _end - 1 : _end;
                return true;
            }
            // Need more bytes: move the partial record to the front, read, and rescan it from the start.
            Fill();
            scanFrom = _start;
            inQuotes = false;
            hasQuotes = false;
        }
    }

    private void EnsureFieldCapacity(int count)
    {
        if (count <= _fieldStart.Length) return;
        Array.Resize(ref _fieldStart, count * 2);
        Array.Resize(ref _fieldLength, count * 2);
    }

    private void SplitPlain(int start, int end)
    {
        var count = 0;
        var position = start;
        while (true)
        {
            var rest = _buffer.AsSpan(position, end - position);
            var i = rest.IndexOf(Delimiter);
            EnsureFieldCapacity(count + 1);
            _fieldStart[count] = position;
            _fieldLength[count] = i < 0 ? rest.Length : i;
            count++;
            if (i < 0) break;
            position += i + 1;
        }
        FieldCount = count;
    }

    // Quoted fields are unescaped in place: the unescaped text is never longer than its source.
    private void SplitQuoted(int start, int end)
    {
        var count = 0;
        var read = start;
        while (true)
        {
            EnsureFieldCapacity(count + 1);
            if (read < end && _buffer[read] == '"')
            {
                var write = read;
                _fieldStart[count] = write;
                read++;
                while (true)
                {
                    if (read >= end)
                        throw new EvaluationInputException($"{FileName}: line {LineNumber}: a quoted field is never closed (missing '\"')");
                    var b = _buffer[read];
                    if (b == '"')
                    {
                        if (read + 1 < end && _buffer[read + 1] == '"') { _buffer[write++] = (byte)'"'; read += 2; continue; }
                        read++;
                        break;
                    }
                    _buffer[write++] = b;
                    read++;
                }
                _fieldLength[count] = write - _fieldStart[count];
                // Text after the closing quote up to the delimiter is kept out (lenient, like pandas' C parser).
                while (read < end && _buffer[read] != Delimiter) read++;
            }
            else
            {
                _fieldStart[count] = read;
                var rest = _buffer.AsSpan(read, end - read);
                var i = rest.IndexOf(Delimiter);
                _fieldLength[count] = i < 0 ? rest.Length : i;
                read += i < 0 ? rest.Length : i;
            }
            count++;
            if (read >= end) break;
            read++; // delimiter
            if (read == end)
            {
                EnsureFieldCapacity(count + 1);
                _fieldStart[count] = end;
                _fieldLength[count] = 0;
                count++;
                break;
            }
        }
        FieldCount = count;
    }

    public void Dispose() => _stream.Dispose();
}
