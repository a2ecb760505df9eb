using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Features.Risks;
using Attest.Core.Governance;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/risks.json</c>: the system's risk register as it stands (severity, likelihood, treatment, mitigation,
/// owner, who accepted a residual risk and why), each risk naming the ledger entries that recorded, updated and accepted it;
/// the acceptance names the entry that recorded it.
/// </summary>
public sealed class RisksSection(AttestDbContext db, ListRisks risks) : IPackSection
{
    public int Order => 52;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var listed = (await risks.ExecuteAsync(system.Id, ct)).Value ?? [];
        if (listed.Count == 0) return [];
        var ledger = await GovernanceLedger.LoadAsync(db, system.Id, GovernanceRecords.RecordKeys[GovernanceRecords.Risks], ct);
        var records = listed.Select(r =>
        {
            var record = GovernanceLedger.Node(r);
            record["accepted"] = r.AcceptedBy is null ? null : GovernanceLedger.RecordedAs(new JsonObject
            {
                ["accepted_by"] = r.AcceptedBy,
                ["accepted_at"] = r.AcceptedAt,
                ["rationale"] = r.AcceptanceRationale,
            }, ledger.Latest(r.Id, LedgerActions.RiskAccepted.Name));
            record[GovernanceRecords.LedgerProperty] = ledger.Refs(r.Id);
            return (JsonNode)record;
        });
        return [GovernanceLedger.File(GovernanceRecords.Risks, "attest.governance.risks/v1", system.Id, records)];
    }
}
