using Attest.Core.Data;
using Attest.Core.Governance;
using Attest.Engine.Incidents;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Incidents;

/// <summary>One incident flagged as a repeat finding.</summary>
public sealed record RepeatFindingDto(string IncidentId, string SystemId, string Title, string RootCause, string RootCauseName, DateTimeOffset OccurredAt, IReadOnlyList<string> RepeatOf);

/// <summary>The repeat-finding KPI: reviewed incidents whose root cause recurred on another system within 12 months, and the rate among reviewed ones.</summary>
public sealed record RepeatFindingsView(int Reviewed, int Repeats, double? Rate, IReadOnlyList<RepeatFindingDto> Items);

/// <summary>Repeat findings across the organisation (the caller's read scope decides which incidents are listed).</summary>
public sealed class ListRepeatFindings(AttestDbContext db, IncidentData data)
{
    public async Task<RepeatFindingsView> ExecuteAsync(ReadScope scope, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var reviewed = await db.Incidents.AsNoTracking().Where(i => i.RootCause != null)
            .Select(i => new { i.Id, i.SystemId, i.Title, i.RootCause, i.OccurredAt }).ToListAsync(ct);
        var flagged = RepeatFindings.Flag(reviewed.Select(r => new RootCauseFinding(r.Id, r.SystemId, r.RootCause!, r.OccurredAt)).ToArray());
        var visible = reviewed.Where(r => scope.Includes(r.SystemId)).ToList();
        var items = visible.Where(r => flagged.ContainsKey(r.Id))
            .OrderByDescending(r => r.OccurredAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => new RepeatFindingDto(r.Id, r.SystemId, r.Title, r.RootCause!, data.RootCause(r.RootCause)?.Name ?? r.RootCause!, r.OccurredAt, flagged[r.Id]))
            .ToArray();
        return new RepeatFindingsView(visible.Count, items.Length, visible.Count == 0 ? null : Math.Round((double)items.Length / visible.Count, 4), items);
    }
}
