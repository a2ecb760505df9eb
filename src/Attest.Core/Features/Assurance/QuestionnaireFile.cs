using System.IO.Compression;
using System.Text;
using Attest.Core.Common;
using MiniExcelLibs;

namespace Attest.Core.Features.Assurance;

/// <summary>One question read from a questionnaire file: its row (1-based, the header is a row), its id and its text.</summary>
public sealed record QuestionRow(int Row, string Ref, string Text);

/// <summary>What a questionnaire file holds, or the problems that refuse it (keyed "file").</summary>
internal sealed record QuestionnaireRead(string Format, IReadOnlyList<QuestionRow> Questions);

/// <summary>
/// Reads a customer questionnaire, CSV or XLSX (the first worksheet). The first non-empty row is the header: the question
/// column is the one named <c>question</c>, <c>question_text</c>, <c>questions</c> or <c>text</c>, the id column
/// <c>id</c>, <c>question_id</c>, <c>qid</c>, <c>#</c>, <c>no</c>, <c>number</c>, <c>ref</c> or <c>reference</c> (case, spaces,
/// hyphens and dots ignored); without an id column a question's id is its row number. Hostile input is refused or made
/// harmless: at most <see cref="MaxBytes"/> bytes and <see cref="MaxQuestions"/> questions; an XLSX is opened only when
/// its entries expand to at most <see cref="MaxExpandedBytes"/> (no zip bombs); CSV text must be UTF-8 (a UTF-8 or UTF-16
/// byte order mark is honoured); control characters are dropped; a formula cell counts by its stored value and is never
/// evaluated; text that looks like a formula or markup is kept as text (exports neutralise formulas, pages encode markup).
/// </summary>
internal static class QuestionnaireFile
{
    public const int MaxBytes = 2 * 1024 * 1024;
    public const long MaxExpandedBytes = 20L * 1024 * 1024;
    public const int MaxQuestions = 1000;
    public const int MaxQuestionLength = 2000;
    public const int MaxRefLength = 100;

    private static readonly string[] QuestionHeaders = ["question", "question_text", "questions", "text"];
    private static readonly string[] IdHeaders = ["id", "question_id", "qid", "#", "no", "number", "ref", "reference"];

    /// <summary>The questions of <paramref name="content"/>, or field errors naming the file, the row and the column.</summary>
    public static async Task<(QuestionnaireRead? Read, FieldErrors Errors)> ReadAsync(string? fileName, Stream content, CancellationToken ct)
    {
        var errors = new FieldErrors();
        var name = fileName?.Trim() ?? "";
        var extension = Path.GetExtension(name).ToLowerInvariant();
        if (extension is not (".csv" or ".xlsx"))
        {
            errors.Add("file", $"'{Shorten(name)}' is not a questionnaire: send a .csv or .xlsx file with a question column");
            return (null, errors);
        }
        var bytes = await ReadCappedAsync(content, ct);
        if (bytes is null)
        {
            errors.Add("file", $"is larger than {MaxBytes / 1024 / 1024} MB");
            return (null, errors);
        }
        if (bytes.Length == 0)
        {
            errors.Add("file", "is empty");
            return (null, errors);
        }
        var isZip = bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K' && bytes[2] == 3 && bytes[3] == 4;
        List<string?[]>? rows;
        if (extension == ".xlsx")
        {
            if (!isZip)
            {
                errors.Add("file", $"'{Shorten(name)}' is not an XLSX workbook (not a zip package)");
                return (null, errors);
            }
            rows = ReadXlsx(bytes, errors);
        }
        else
        {
            if (isZip)
            {
                errors.Add("file", $"'{Shorten(name)}' is a zip package (an XLSX workbook?), not CSV text: name it .xlsx");
                return (null, errors);
            }
            rows = ReadCsv(bytes, errors);
        }
        if (rows is null)
            return (null, errors);
        var questions = Questions(rows, errors);
        return errors.Any ? (null, errors) : (new QuestionnaireRead(extension[1..], questions), errors);
    }

    private static List<QuestionRow> Questions(List<string?[]> rows, FieldErrors errors)
    {
        var questions = new List<QuestionRow>();
        var headerIndex = rows.FindIndex(r => r.Any(c => !string.IsNullOrWhiteSpace(c)));
        if (headerIndex < 0)
        {
            errors.Add("file", "has no rows");
            return questions;
        }
        var header = rows[headerIndex].Select(h => HeaderKey(h)).ToArray();
        var questionColumn = Array.FindIndex(header, h => QuestionHeaders.Contains(h));
        var idColumn = Array.FindIndex(header, h => IdHeaders.Contains(h));
        if (questionColumn < 0)
        {
            var found = string.Join(", ", rows[headerIndex].Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => $"'{Shorten(Clean(h!), 40)}'"));
            errors.Add("file", $"row {headerIndex + 1}: no question column (expected a header named question or text; found {(found.Length == 0 ? "none" : found)})");
            return questions;
        }
        var questionLetter = ColumnLetter(questionColumn);
        for (var i = headerIndex + 1; i < rows.Count; i++)
        {
            var row = rows[i];
            var rowNumber = i + 1;
            var text = Clean(questionColumn < row.Length ? row[questionColumn] : null);
            var id = idColumn >= 0 ? Clean(idColumn < row.Length ? row[idColumn] : null) : "";
            if (text.Length == 0 && id.Length == 0)
                continue;
            if (text.Length == 0)
            {
                errors.Add("file", $"row {rowNumber}, column {questionLetter} (question): is empty");
                continue;
            }
            if (text.Length > MaxQuestionLength)
                errors.Add("file", $"row {rowNumber}, column {questionLetter} (question): longer than {MaxQuestionLength} characters");
            if (id.Length > MaxRefLength)
                errors.Add("file", $"row {rowNumber}, column {ColumnLetter(idColumn)} (id): longer than {MaxRefLength} characters");
            questions.Add(new QuestionRow(rowNumber, id.Length > 0 ? id : rowNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), text));
            if (questions.Count > MaxQuestions)
            {
                errors.Add("file", $"row {rowNumber}: more than {MaxQuestions} questions");
                break;
            }
        }
        if (questions.Count == 0 && !errors.Any)
            errors.Add("file", $"has a question column ({questionLetter}) but no questions under it");
        var duplicate = questions.GroupBy(q => q.Ref, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1 && idColumn >= 0);
        if (duplicate is not null)
            errors.Add("file", $"row {duplicate.Skip(1).First().Row}, column {ColumnLetter(idColumn)} (id): '{Shorten(duplicate.Key, 40)}' repeats row {duplicate.First().Row}");
        return questions;
    }

    private static List<string?[]>? ReadXlsx(byte[] bytes, FieldErrors errors)
    {
        try
        {
            using (var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read))
            {
                long expanded = 0;
                foreach (var entry in zip.Entries)
                    expanded += entry.Length;
                if (zip.Entries.Count > 10_000 || expanded > MaxExpandedBytes)
                {
                    errors.Add("file", $"expands to more than {MaxExpandedBytes / 1024 / 1024} MB: not accepted");
                    return null;
                }
                if (zip.GetEntry("xl/workbook.xml") is null)
                {
                    errors.Add("file", "is a zip package but not an XLSX workbook (no xl/workbook.xml)");
                    return null;
                }
            }
            var rows = new List<string?[]>();
            foreach (IDictionary<string, object?> row in MiniExcel.Query(new MemoryStream(bytes), useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                var cells = new string?[row.Count];
                var j = 0;
                foreach (var value in row.Values)
                    cells[j++] = value switch
                    {
                        null => null,
                        string s => s,
                        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        DateTime t => t.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                        _ => value.ToString(),
                    };
                rows.Add(cells);
                if (rows.Count > MaxQuestions + 50)
                    break;
            }
            return rows;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or System.Xml.XmlException or InvalidOperationException or FormatException or NotSupportedException or ArgumentException or KeyNotFoundException or IndexOutOfRangeException or NullReferenceException)
        {
            errors.Add("file", $"is not a readable XLSX workbook ({Shorten(e.Message, 120)})");
            return null;
        }
    }

    private static List<string?[]>? ReadCsv(byte[] bytes, FieldErrors errors)
    {
        string text;
        try
        {
            text = Decode(bytes);
        }
        catch (DecoderFallbackException e)
        {
            errors.Add("file", $"is not UTF-8 text (invalid bytes at offset {e.Index}); save the CSV as UTF-8");
            return null;
        }
        // The separator is the one the header (the first line with text) uses most.
        var header = text.Split('\n', 50).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? "";
        var firstLine = header.AsSpan();
        var separator = ',';
        var most = firstLine.Count(',');
        foreach (var candidate in new[] { ';', '\t' })
        {
            var n = firstLine.Count(candidate);
            if (n > most) (separator, most) = (candidate, n);
        }
        var (records, error) = CsvRecords.Split(text, separator, MaxQuestions + 50);
        if (error is not null)
        {
            errors.Add("file", error);
            return null;
        }
        return [.. records.Select(r => (string?[])r)];
    }

    private static string Decode(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE)
            return new UnicodeEncoding(false, false, true).GetString(bytes, 2, bytes.Length - 2);
        if (bytes.Length >= 2 && bytes[0] == 0xFE && bytes[1] == 0xFF)
            return new UnicodeEncoding(true, false, true).GetString(bytes, 2, bytes.Length - 2);
        var offset = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        return new UTF8Encoding(false, true).GetString(bytes, offset, bytes.Length - offset);
    }

    private static async Task<byte[]?> ReadCappedAsync(Stream content, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string HeaderKey(string? header)
    {
        var key = Clean(header).ToLowerInvariant();
        return key == "#" ? key : key.Replace(' ', '_').Replace('-', '_').Replace(".", "", StringComparison.Ordinal).Trim('_');
    }

    /// <summary>Trimmed, control characters (other than line breaks and tabs, which become spaces) removed, runs of spaces collapsed.</summary>
    internal static string Clean(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var ch in value)
        {
            if (ch is '\t' or '\r' or '\n' or ' ' || char.IsWhiteSpace(ch))
            {
                space = sb.Length > 0;
                continue;
            }
            if (char.IsControl(ch) || ch is '\uFEFF' or '\u200B' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068' or '\u2069')
                continue;
            if (space) { sb.Append(' '); space = false; }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    internal static string ColumnLetter(int index)
    {
        var letters = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        return letters;
    }

    private static string Shorten(string text, int max = 80) => text.Length <= max ? text : text[..max] + "…";
}
