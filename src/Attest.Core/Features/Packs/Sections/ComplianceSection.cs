using System.Globalization;
using System.Text;
using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Features.Compliance;
using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>classification.json</c> (computed result, any override beside it, obligations, the calendar in force)
/// and <c>controls.json</c> / <c>controls.csv</c> (the controls matrix: each required control, its status and
/// the framework requirements it serves). Absent while the system has no intake.
/// </summary>
public sealed class ComplianceSection(GetClassification classification, GetSystemControls controls) : IPackSection
{
    public int Order => 20;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var classified = await classification.ExecuteAsync(system.Id, ct);
        if (!classified.IsOk) return [];
        var matrix = await controls.ExecuteAsync(system.Id, ct);
        var files = new List<PackFile> { new("classification.json", Json(classified.Value!)) };
        if (matrix.IsOk)
        {
            files.Add(new PackFile("controls.json", Json(matrix.Value!)));
            files.Add(new PackFile("controls.csv", Encoding.UTF8.GetBytes(ToCsv(matrix.Value!))));
        }
        return files;
    }

    internal static string ToCsv(SystemControlsView view)
    {
        var csv = new StringBuilder("control,title,status,requirements,updated_by,updated_at\r\n");
        foreach (var c in view.Controls)
        {
            csv.Append(Field(c.ControlId)).Append(',').Append(Field(c.Title)).Append(',').Append(SnakeCase.FromEnum(c.Status)).Append(',')
               .Append(Field(string.Join(' ', c.Requirements.Select(r => r.Id)))).Append(',').Append(Field(c.UpdatedBy ?? "")).Append(',')
               .Append(c.UpdatedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "").Append("\r\n");
        }
        return csv.ToString();
    }

    // RFC 4180 quoting with formula-like fields neutralised (CsvCells).
    private static string Field(string value) => CsvCells.Field(value);

    private static byte[] Json<T>(T value) => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value, AttestJson.Indented) + "\n");
}
