using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/material-changes.json</c>: every material-change assessment recorded for the system (the candidate, the
/// approved version it was compared with, each trigger checked, what changed, whether the approval lapsed) and the
/// approval in force when the pack was made. Each assessment is what its ledger entry recorded (<c>recorded_as</c>).
/// </summary>
public sealed class MaterialChangesSection(AttestDbContext db, ListMaterialChanges changes) : IPackSection
{
    public int Order => 54;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var view = (await changes.ExecuteAsync(system.Id, ct)).Value;
        if (view is null || view.Changes.Count == 0) return [];
        var ledger = await GovernanceLedger.LoadAsync(db, system.Id, GovernanceRecords.RecordKeys[GovernanceRecords.MaterialChanges], ct);
        var records = view.Changes.Select(c =>
        {
            var record = GovernanceLedger.RecordedAs(GovernanceLedger.Node(c), ledger.Latest(c.Id, LedgerActions.ChangeAssessed.Name));
            record[GovernanceRecords.LedgerProperty] = ledger.Refs(c.Id);
            return (JsonNode)record;
        }).ToList();
        return [GovernanceLedger.File(GovernanceRecords.MaterialChanges, "attest.governance.material-changes/v1", system.Id, records, document =>
        {
            document["approved_version"] = view.ApprovedVersion;
            document["approved_by_review"] = view.ApprovedByReview;
            document["note"] = view.Note;
        })];
    }
}
