using System.Buffers;
using System.Text.Unicode;

namespace Attest.Evaluation.Input;

/// <summary>
/// The text of a CSV file for the parser (Sep): strict UTF-8 decoding (an invalid byte is an error naming its
/// line, never a silent U+FFFD), a BOM dropped, and bounded memory — a record (a row, quoted line breaks
/// included) longer than <see cref="MaxRecordChars"/> is refused as it streams past, so a file with one huge
/// field is refused after reading that much, whatever its size. It also knows the quote state, so a quote
/// that is never closed is reported on the line where its record starts.
/// </summary>
public sealed class CsvTextReader : TextReader
{
    /// <summary>The longest record read: 4 Mi characters (a prediction log's rows are a few dozen).</summary>
    public const int MaxRecordChars = 4 << 20;

    private readonly Stream _stream;
    private readonly string _fileName;
    private readonly int _maxRecordChars;
    private readonly byte[] _bytes = new byte[1 << 16];
    private int _byteStart;
    private int _byteEnd;
    private bool _eof;
    private bool _started;
    private char[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;
    private long _line = 1;
    private long _recordLine = 1;
    private long _recordChars;
    private bool _inQuotes;

    public CsvTextReader(Stream stream, string fileName, int maxRecordChars = MaxRecordChars)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _fileName = fileName;
        _maxRecordChars = maxRecordChars;
    }

    /// <summary>
    /// The first line of the file (up to its first line break outside quotes, or the record limit), without
    /// consuming it: the delimiter is detected from it before the parser starts.
    /// </summary>
    public string PeekFirstLine()
    {
        var text = new List<char>();
        var chunk = new char[1 << 14];
        var inQuotes = false;
        while (true)
        {
            var n = Decode(chunk);
            if (n == 0) break;
            AppendPending(chunk.AsSpan(0, n));
            foreach (var c in chunk.AsSpan(0, n))
            {
                if (c == '"') inQuotes = !inQuotes;
                else if (c == '\n' && !inQuotes) return new string([.. text]);
                text.Add(c);
            }
            if (text.Count > _maxRecordChars) break;
        }
        return new string([.. text]);
    }

    private void AppendPending(ReadOnlySpan<char> chars)
    {
        if (_pendingEnd + chars.Length > _pending.Length)
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingEnd + chars.Length));
        chars.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += chars.Length;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty) return 0;
        int n;
        if (_pendingStart < _pendingEnd)
        {
            n = Math.Min(buffer.Length, _pendingEnd - _pendingStart);
            _pending.AsSpan(_pendingStart, n).CopyTo(buffer);
            _pendingStart += n;
        }
        else
        {
            n = Decode(buffer);
        }
        if (n == 0)
        {
            if (_inQuotes)
                throw new EvaluationInputException($"{_fileName}: line {_recordLine}: a quoted field is never closed (missing '\"')");
            return 0;
        }
        Track(buffer[..n]);
        return n;
    }

    public override int Peek() => -1;

    /// <summary>Not used by the parser, which reads blocks.</summary>
    public override int Read() => throw new NotSupportedException("CsvTextReader reads blocks");

    private static readonly SearchValues<char> QuoteOrNewline = SearchValues.Create("\"\n");

    /// <summary>Follows lines, quotes and the length of the current record over the characters handed out.</summary>
    private void Track(ReadOnlySpan<char> chars)
    {
        var position = 0;
        while (true)
        {
            var rest = chars[position..];
            var i = _inQuotes ? rest.IndexOf('"') : rest.IndexOfAny(QuoteOrNewline);
            if (_inQuotes)
            {
                // inside quotes every line break still counts as a line
                var upTo = i < 0 ? rest : rest[..i];
                _line += upTo.Count('\n');
            }
            if (i < 0)
            {
                _recordChars += rest.Length;
                break;
            }
            if (rest[i] == '"')
            {
                _inQuotes = !_inQuotes;
                _recordChars += i + 1;
                position += i + 1;
                continue;
            }
            // a line break outside quotes ends the record
            _line++;
            _recordLine = _line;
            _recordChars = 0;
            position += i + 1;
        }
        if (_recordChars > _maxRecordChars)
            throw new EvaluationInputException(
                $"{_fileName}: line {_recordLine}: a row longer than {_maxRecordChars / (1 << 20)} Mi characters " +
                "(the limit for one row; is a quote left open, or is this not a CSV file?)");
    }

    /// <summary>Decodes UTF-8 into <paramref name="destination"/>; 0 at the end of the stream.</summary>
    private int Decode(Span<char> destination)
    {
        while (true)
        {
            if (_byteStart == _byteEnd && !Fill()) return 0;
            var status = Utf8.ToUtf16(_bytes.AsSpan(_byteStart, _byteEnd - _byteStart), destination, out var read, out var written,
                replaceInvalidSequences: false, isFinalBlock: _eof);
            _byteStart += read;
            if (status == OperationStatus.InvalidData)
            {
                var line = _line + destination[..written].Count('\n');
                throw new EvaluationInputException($"{_fileName}: line {line}: not valid UTF-8 (save the file as UTF-8)");
            }
            if (written > 0) return written;
            if (status == OperationStatus.DestinationTooSmall) throw new ArgumentException("a buffer of at least 2 characters is needed", nameof(destination));
            if (status == OperationStatus.NeedMoreData && !Fill())
            {
                var line = _line;
                throw new EvaluationInputException($"{_fileName}: line {line}: not valid UTF-8 (save the file as UTF-8)");
            }
        }
    }

    /// <summary>Reads more bytes, keeping an incomplete sequence at the end; false at the end of the stream.</summary>
    private bool Fill()
    {
        if (_eof) return false;
        if (_byteStart > 0)
        {
            Buffer.BlockCopy(_bytes, _byteStart, _bytes, 0, _byteEnd - _byteStart);
            _byteEnd -= _byteStart;
            _byteStart = 0;
        }
        var n = _stream.Read(_bytes, _byteEnd, _bytes.Length - _byteEnd);
        if (n == 0)
        {
            _eof = true;
            return _byteEnd > 0;
        }
        _byteEnd += n;
        if (!_started)
        {
            // a BOM is dropped (once enough bytes are there to see it)
            if (_byteEnd < 3 && !_eof) return Fill();
            _started = true;
            if (_byteEnd >= 3 && _bytes[0] == 0xEF && _bytes[1] == 0xBB && _bytes[2] == 0xBF) _byteStart = 3;
        }
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _stream.Dispose();
        base.Dispose(disposing);
    }
}
