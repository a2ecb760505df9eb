using System.Text.Json.Nodes;
using Attest.Core.Data;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/waivers.json</c>: every waiver of the system with its state when the pack was made
/// (<c>requested</c>, <c>approved</c>, <c>expired</c> — approved but past its expiry day —, <c>rejected</c>, <c>revoked</c>),
/// who requested and approved or rejected it and when, and its expiry day. The request, the approval and the
/// rejection name the ledger entry that recorded them.
/// </summary>
public sealed class WaiversSection(AttestDbContext db, ListWaivers waivers) : IPackSection
{
    public int Order => 51;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var listed = (await waivers.ExecuteAsync(new WaiverQuery(System: system.Id), ReadScope.Everything, ct)).Value ?? [];
        if (listed.Count == 0) return [];
        var ledger = await GovernanceLedger.LoadAsync(db, system.Id, GovernanceRecords.RecordKeys[GovernanceRecords.Waivers], ct);
        var records = listed.OrderBy(w => w.RequestedAt).ThenBy(w => w.Id, StringComparer.Ordinal).Select(w => Record(w, ledger));
        return [GovernanceLedger.File(GovernanceRecords.Waivers, "attest.governance.waivers/v1", system.Id, records)];
    }

    /// <summary>The waiver's state on the day the pack was made: an approved waiver past its expiry day is expired.</summary>
    // The waiver's standing (the one rule the pages read), in the pack's words: an approved waiver past its day is expired.
    public static string StateAtExport(WaiverView w) => w.Standing is { State: WaiverState.Approved, Expired: true } ? "expired" : WireName.Of(w.State);

    private static JsonNode Record(WaiverView w, GovernanceLedger ledger)
    {
        var record = GovernanceLedger.Node(w);
        record["state_at_export"] = StateAtExport(w);
        record["requested"] = GovernanceLedger.RecordedAs(new JsonObject
        {
            ["control_id"] = w.Control,
            ["model_version"] = w.ModelVersion,
            ["justification"] = w.Justification,
            ["compensating_controls"] = w.CompensatingControls,
            ["risk_owner"] = w.RiskOwner,
            ["expires_on"] = GovernanceLedger.Day(w.ExpiresOn),
            ["requested_by"] = w.RequestedBy,
            ["requested_at"] = w.RequestedAt,
        }, ledger.Latest(w.Id, LedgerActions.WaiverRequested.Name));
        record["approved"] = w.ApprovedBy is null ? null : GovernanceLedger.RecordedAs(new JsonObject
        {
            ["control_id"] = w.Control,
            ["expires_on"] = GovernanceLedger.Day(w.ExpiresOn),
            ["approved_by"] = w.ApprovedBy,
            ["approved_at"] = w.ApprovedAt,
        }, ledger.Latest(w.Id, LedgerActions.WaiverApproved.Name));
        record["rejected"] = w.RejectedBy is null ? null : GovernanceLedger.RecordedAs(new JsonObject
        {
            ["control_id"] = w.Control,
            ["reason"] = w.RejectionReason,
            ["rejected_by"] = w.RejectedBy,
            ["rejected_at"] = w.RejectedAt,
        }, ledger.Latest(w.Id, LedgerActions.WaiverRejected.Name));
        record[GovernanceRecords.LedgerProperty] = ledger.Refs(w.Id);
        return record;
    }
}
