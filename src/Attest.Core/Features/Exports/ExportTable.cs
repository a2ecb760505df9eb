using System.Globalization;
using System.Text;
using Attest.Core.Common;
using MiniExcelLibs;
using MiniExcelLibs.OpenXml;

namespace Attest.Core.Features.Exports;

/// <summary>The file formats a register is exported in.</summary>
public enum ExportFormat { Csv, Xlsx }

/// <summary>
/// A register as a table: named columns (snake_case) and rows of typed cells — text, numbers, booleans, days and times (UTC)
/// — written as CSV (RFC 4180) or XLSX (one sheet, MiniExcel). Text that a spreadsheet would run as a formula (starting with
/// = + - @, a tab or a carriage return) is neutralised with a leading single quote in both formats (<see cref="CsvCells"/>);
/// numbers stay numbers.
/// </summary>
public sealed record ExportTable(string Name, string Title, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows)
{
    public const string CsvMediaType = "text/csv; charset=utf-8";
    public const string XlsxMediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string MediaType(ExportFormat format) => format == ExportFormat.Csv ? CsvMediaType : XlsxMediaType;

    public string FileName(ExportFormat format) => $"attest-{Name}.{(format == ExportFormat.Csv ? "csv" : "xlsx")}";

    public byte[] Write(ExportFormat format) => format == ExportFormat.Csv ? Encoding.UTF8.GetBytes(ToCsv()) : ToXlsx();

    public string ToCsv()
    {
        var csv = new StringBuilder();
        csv.Append(string.Join(',', Columns.Select(CsvCells.Field))).Append("\r\n");
        foreach (var row in Rows)
            csv.Append(string.Join(',', row.Select(c => CsvCells.Field(Text(c))))).Append("\r\n");
        return csv.ToString();
    }

    public byte[] ToXlsx()
    {
        var sheet = Rows.Select(row =>
        {
            var line = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (var i = 0; i < Columns.Count; i++)
                line[Columns[i]] = Cell(i < row.Length ? row[i] : null);
            return line;
        }).ToList();
        using var stream = new MemoryStream();
        // An empty register still has its header row.
        if (sheet.Count == 0)
            sheet.Add(Columns.ToDictionary(c => c, _ => (object?)null, StringComparer.Ordinal));
        MiniExcel.SaveAs(stream, sheet, sheetName: SheetName(Title), excelType: ExcelType.XLSX,
            configuration: new OpenXmlConfiguration { FastMode = true, AutoFilter = true });
        return stream.ToArray();
    }

    /// <summary>A sheet name Excel accepts: at most 31 characters, none of []:*?/\.</summary>
    private static string SheetName(string title)
    {
        var name = new string([.. title.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\'))]);
        return name.Length <= 31 ? name : name[..31];
    }

    /// <summary>An XLSX cell: numbers and booleans typed, days and times as ISO 8601 text, text neutralised.</summary>
    private static object? Cell(object? value) => value switch
    {
        null => null,
        double or int or long or decimal or bool => value,
        _ => CsvCells.Neutralise(Text(value)),
    };

    private static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset at => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
