using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Incidents;
using Attest.Core.Features.Inventory;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/incidents.json</c>: the system's incidents, open and closed, with their status, their reporting clocks
/// (each deadline, when it falls due, whether and when it was met, as it stood when the pack was made), containment and
/// post-incident review; each incident names the ledger entries that recorded it.
/// </summary>
public sealed class IncidentsSection(AttestDbContext db, ListIncidents incidents) : IPackSection
{
    public int Order => 53;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var listed = (await incidents.ExecuteAsync(system.Id, ct)).Value ?? [];
        if (listed.Count == 0) return [];
        var ledger = await GovernanceLedger.LoadAsync(db, system.Id, GovernanceRecords.RecordKeys[GovernanceRecords.Incidents], ct);
        var records = listed.OrderBy(i => i.ReportedAt).ThenBy(i => i.Id, StringComparer.Ordinal).Select(i =>
        {
            var record = GovernanceLedger.Node(i);
            record[GovernanceRecords.LedgerProperty] = ledger.Refs(i.Id);
            return (JsonNode)record;
        });
        return [GovernanceLedger.File(GovernanceRecords.Incidents, "attest.governance.incidents/v1", system.Id, records)];
    }
}
