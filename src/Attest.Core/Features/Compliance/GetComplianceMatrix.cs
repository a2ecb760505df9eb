using System.Text;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Compliance;

/// <summary>
/// The portfolio-wide compliance matrix: every system in the caller's read scope (by name) × every control any system requires (in
/// library order), each cell the system's status on a control it requires; exportable as CSV.
/// </summary>
public sealed class GetComplianceMatrix(AttestDbContext db, ComplianceData data, TimeProvider time)
{
    public async Task<ComplianceMatrix> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var systems = await scope.Filter(db.Systems.AsNoTracking(), s => s.Id).Select(s => new { s.Id, s.Slug, s.Name }).ToListAsync(ct);
        var latest = await ClassificationRecords.LatestOfAllAsync(db, ct);
        // The library in force with the organisation's controls written from incidents over it.
        var overlay = await Incidents.OrgControlLibrary.LoadAsync(db, data, ct);
        var requiredBySystem = systems.Where(s => latest.ContainsKey(s.Id))
            .ToDictionary(s => s.Id, s => overlay.Required(s.Id, latest[s.Id]), StringComparer.Ordinal);
        var standings = await ControlStandings.ForSystemsAsync(db, requiredBySystem, Evidence.EvidenceOverlay.Today(time), ct);
        var rows = new List<MatrixSystem>();
        var requiredAnywhere = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Slug, StringComparer.Ordinal))
        {
            if (!latest.TryGetValue(s.Id, out var l))
            {
                rows.Add(new MatrixSystem(s.Id, s.Slug, s.Name, null, null, false, new Dictionary<string, ControlStatus>(), 0, 0));
                continue;
            }
            var required = requiredBySystem[s.Id];
            var cells = required.ToDictionary(c => c.Id, c => standings[s.Id][c.Id].Status, StringComparer.Ordinal);
            requiredAnywhere.UnionWith(cells.Keys);
            rows.Add(new MatrixSystem(s.Id, s.Slug, s.Name, l.EffectiveClass, l.Document.Tier, l.IsComplete, cells, cells.Count,
                cells.Values.Count(v => v == ControlStatus.Satisfied), l.Missing));
        }
        var columns = overlay.Library.Controls.Where(c => requiredAnywhere.Contains(c.Id))
            .Select(c => new MatrixControl(c.Id, c.Title, c.Mappings.Select(m => m.ToString()).ToArray())).ToArray();
        return new ComplianceMatrix(columns, rows);
    }

    public const string CsvHeader = "system,system_name,eu_ai_act_class,tier,control,control_title,status,requirements";

    /// <summary>One line per system and required control (RFC 4180 quoting, formula-like fields neutralised: <see cref="CsvCells"/>); requirements separated by spaces.</summary>
    public static string ToCsv(ComplianceMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var csv = new StringBuilder();
        csv.Append(CsvHeader).Append("\r\n");
        foreach (var system in matrix.Systems.Where(s => s.Classified))
        {
            foreach (var control in matrix.Controls.Where(c => system.Statuses.ContainsKey(c.Id)))
            {
                string[] fields =
                [
                    system.Slug, system.Name, WireName.Of(system.EffectiveClass!.Value), WireName.Of(system.Tier!.Value),
                    control.Id, control.Title, WireName.Of(system.Statuses[control.Id]), string.Join(' ', control.Requirements),
                ];
                csv.Append(string.Join(',', fields.Select(CsvCells.Field))).Append("\r\n");
            }
        }
        return csv.ToString();
    }
}
