using nietras.SeparatedValues;

namespace Attest.Core.Common;

/// <summary>
/// The records of a small, already decoded CSV text, split by Sep (the parser the evaluation readers use): RFC 4180
/// quoting with "" and quoted line breaks, CRLF, LF or CR. The callers decode and check the bytes themselves (each names
/// its own file); this only splits, refuses a quote that is never closed (naming the record it opens in, 1-based; the
/// quote-parity rule of <see cref="Attest.Evaluation.Input.CsvTextReader"/>) and stops after one record more than
/// <paramref name="maxRecords"/>, so the caller can say the file is too long without splitting all of it.
/// </summary>
public static class CsvRecords
{
    public static (List<string[]> Records, string? Error) Split(string text, char separator, int maxRecords)
    {
        ArgumentNullException.ThrowIfNull(text);
        var records = new List<string[]>();
        if (text.Length == 0)
            return (records, null);
        using var reader = Sep.Reader(o => o with { Sep = new Sep(separator), HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromText(text);
        foreach (var row in reader)
        {
            var fields = new string[row.ColCount];
            for (var i = 0; i < fields.Length; i++)
                fields[i] = row[i].ToString();
            records.Add(fields);
            if (records.Count > maxRecords)
                break;
        }
        // Sep reads an unclosed quote to the end of the text; an odd count of quote characters is one left open.
        if (text.AsSpan().Count('"') % 2 == 1)
            return (records, $"row {records.Count}: a quoted field is not closed");
        return (records, null);
    }
}
