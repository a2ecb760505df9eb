using System.Globalization;
using System.Text;
using Attest.Core.Common;

namespace Attest.Core.Features.Training;

/// <summary>One data row of a training CSV, as read (not yet checked against the required courses).</summary>
internal sealed record TrainingCsvRow(int Row, string Person, string Role, string Course, string CompletedAt, string? BusinessUnit);

/// <summary>
/// Reads a training CSV (RFC 4180: comma-separated, fields optionally in double quotes, inner quotes doubled) whose header
/// names the columns person, role, course, completed_at and optionally business_unit, in any order. Hostile input is
/// refused, never guessed at: more than <see cref="MaxBytes"/> or <see cref="MaxRows"/>, text that is not UTF-8 (or is
/// UTF-16), a NUL byte, an unterminated quote. Errors are keyed <c>row[N].column</c> (the header is row 1).
/// </summary>
internal static class TrainingCsv
{
    public const int MaxBytes = 5 * 1024 * 1024;
    public const int MaxRows = 100_000;
    public const int MaxErrors = 20;
    public static readonly string[] RequiredColumns = ["person", "role", "course", "completed_at"];
    public const string OptionalColumn = "business_unit";

    public static string Key(int row, string column) => $"row[{row}].{column}";

    /// <summary>The rows, or the errors (field → problems) that refuse the file.</summary>
    public static (IReadOnlyList<TrainingCsvRow> Rows, Dictionary<string, string[]> Errors) Read(ReadOnlySpan<byte> content)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (content.Length > MaxBytes)
            return ([], Error(errors, "file", $"is {content.Length} bytes; a training CSV may hold at most {MaxBytes / (1024 * 1024)} MiB (split it into several imports)"));
        if (content.Length >= 2 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF)))
            return ([], Error(errors, "file", "is UTF-16 text; save the CSV as UTF-8"));
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            content = content[3..];
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content);
        }
        catch (DecoderFallbackException e)
        {
            return ([], Error(errors, "file", $"is not UTF-8 text (an invalid byte at offset {e.Index}); save the CSV as UTF-8"));
        }
        if (text.Contains('\0', StringComparison.Ordinal))
            return ([], Error(errors, "file", "contains a NUL character: it is not a text CSV"));
        var (records, parseError) = CsvRecords.Split(text, ',', MaxRows + 1);
        if (parseError is not null)
            return ([], Error(errors, "file", parseError));
        if (records.Count > MaxRows + 1)
            return ([], Error(errors, "file", $"has more than {MaxRows} rows; at most {MaxRows} per import"));
        if (records.Count == 0 || records[0].All(string.IsNullOrWhiteSpace))
            return ([], Error(errors, Key(1, "person"), $"the file has no header; the first row must name the columns {string.Join(", ", RequiredColumns)}"));
        if (records.Count - 1 > MaxRows)
            return ([], Error(errors, "file", $"has {records.Count - 1} rows; at most {MaxRows} per import"));

        var header = records[0].Select(h => h.Trim().ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            if (header[i].Length > 0 && !index.TryAdd(header[i], i))
                Error(errors, Key(1, header[i]), $"the column {header[i]} is named twice (columns {index[header[i]] + 1} and {i + 1})");
        }
        foreach (var missing in RequiredColumns.Where(c => !index.ContainsKey(c)))
            Error(errors, Key(1, missing), $"missing column {missing}: the header must name {string.Join(", ", RequiredColumns)} (and may name {OptionalColumn})");
        if (errors.Count > 0)
            return ([], errors);

        var rows = new List<TrainingCsvRow>(records.Count - 1);
        for (var r = 1; r < records.Count; r++)
        {
            var record = records[r];
            if (record.All(string.IsNullOrWhiteSpace))
                continue;
            var rowNumber = r + 1;
            string Cell(string column) => index.TryGetValue(column, out var i) && i < record.Length ? record[i].Trim() : "";
            foreach (var column in RequiredColumns.Append(OptionalColumn).Where(index.ContainsKey))
            {
                var raw = index[column] < record.Length ? record[index[column]] : "";
                if (CsvCells.LooksLikeFormula(raw))
                    Error(errors, Key(rowNumber, column), $"starts with '{Visible(raw[0])}', which a spreadsheet runs as a formula; remove the leading character");
                else if (raw.Any(char.IsControl))
                    Error(errors, Key(rowNumber, column), "contains a control character");
            }
            rows.Add(new TrainingCsvRow(rowNumber, Cell("person"), Cell("role"), Cell("course"), Cell("completed_at"),
                Cell(OptionalColumn) is { Length: > 0 } unit ? unit : null));
        }
        return (rows, errors);
    }

    private static string Visible(char c) => c switch { '\t' => "\\t", '\r' => "\\r", _ => c.ToString() };

    /// <summary>Adds a problem to a field (at most <see cref="MaxErrors"/> fields are reported) and returns the errors.</summary>
    public static Dictionary<string, string[]> Error(Dictionary<string, string[]> errors, string field, string problem)
    {
        if (errors.TryGetValue(field, out var existing))
            errors[field] = [.. existing, problem];
        else if (errors.Count < MaxErrors)
            errors[field] = [problem];
        return errors;
    }

    /// <summary>A day (YYYY-MM-DD: its start, UTC) or an ISO 8601 time with an offset (or UTC when none is given).</summary>
    public static DateTimeOffset? ParseTime(string text)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return text.Contains('T', StringComparison.Ordinal) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? at.ToUniversalTime()
            : null;
    }
}
