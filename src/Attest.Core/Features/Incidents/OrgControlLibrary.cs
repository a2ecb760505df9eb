using Attest.Core.Data;
using Attest.Core.Features.Compliance;
using Attest.Engine.Controls;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>
/// The control library in force with the organisation's controls written from production over it: the latest version of
/// each control changed by a completed <c>control_change</c> action replaces the file's version, and new controls are added
/// (required by the incident's system, or by every classified system). The compliance matrix and the gates read controls
/// through here, so a lesson from an incident governs from the moment it is completed.
/// </summary>
internal static class OrgControlLibrary
{
    public sealed record Overlay(ControlLibrary Library, IReadOnlyDictionary<string, string?> AddedScope)
    {
        /// <summary>The controls a system requires: those its classification requires (as the library now reads them) and the added ones in its scope.</summary>
        public IReadOnlyList<Control> Required(string systemId, ClassificationRecords.Latest latest)
        {
            ArgumentNullException.ThrowIfNull(latest);
            var ids = latest.RequiredControls.ToHashSet(StringComparer.Ordinal);
            return Library.Controls.Where(c => ids.Contains(c.Id)
                || (AddedScope.TryGetValue(c.Id, out var scope) && latest.IsComplete && (scope is null || scope == systemId))).ToArray();
        }
    }

    public static async Task<Overlay> LoadAsync(AttestDbContext db, ComplianceData data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(data);
        var rows = await db.OrgControlVersions.AsNoTracking().ToListAsync(ct);
        if (rows.Count == 0)
            return new Overlay(data.Library, new Dictionary<string, string?>());
        var latest = rows.GroupBy(r => r.ControlId).Select(g => g.OrderByDescending(r => r.Version).First()).OrderBy(r => r.ControlId, StringComparer.Ordinal).ToList();
        var controls = data.Library.Controls.ToList();
        var added = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in latest)
        {
            var control = ProposedControls.ToControl(row.ControlJson, data.Library, $"incident {row.IncidentId}, action {row.ActionId} (version {row.Version})");
            var index = controls.FindIndex(c => c.Id == control.Id);
            if (index >= 0 && data.Library.Controls.Any(c => c.Id == control.Id))
            {
                controls[index] = control;
            }
            else
            {
                controls.Add(control);
                added[control.Id] = row.ScopeSystemId;
            }
        }
        var stamp = string.Join(",", latest.Select(r => $"{r.ControlId}@{r.Version}"));
        var library = data.Library with
        {
            Controls = controls,
            Version = new ControlLibraryVersion(data.Library.Version.Declared + "+org", data.Library.Version.ContentHash + "+" + stamp),
        };
        return new Overlay(library, added);
    }
}
