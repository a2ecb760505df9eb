using System.Text.Json.Nodes;
using Attest.Core.Features.Gates;
using Attest.Core.Features.Inventory;
using Attest.Engine.Classification;
using Attest.Engine.Gates;
using Attest.Engine.Packs;

namespace Attest.Core.Features.Packs.Sections;

/// <summary>
/// <c>governance/gate-verdicts.json</c>: the release gate of every lifecycle stage as evaluated when the pack was made —
/// the verdict, the tier and gate definition, and each requirement met or unmet with its reason in plain words and its
/// owner — by <see cref="DescribeGate"/>, the use case the gate page shows. Evaluated, not recorded: no ledger entries
/// (a decided review pins the verdict it was taken on: <c>pinned_sha256</c> in governance/reviews.json). Absent while
/// the system cannot be gated (not classified).
/// </summary>
public sealed class GateVerdictsSection(DescribeGate describe, TimeProvider time) : IPackSection
{
    public int Order => 55;

    public async Task<IReadOnlyList<PackFile>> FilesAsync(SystemDetails system, CancellationToken ct)
    {
        var records = new List<JsonNode>();
        foreach (var stage in Enum.GetValues<GateStage>())
        {
            var described = await describe.ExecuteAsync(system.Id, null, stage, ct);
            if (!described.IsOk) return [];
            records.Add(Record(described.Value!));
        }
        return [GovernanceLedger.File(GovernanceRecords.GateVerdicts, "attest.governance.gate-verdicts/v1", system.Id, records,
            document => document["evaluated_at"] = time.GetUtcNow())];
    }

    /// <summary>One stage's verdict: counts first, then every requirement with its plain reason.</summary>
    private static JsonObject Record(GateDescription gate)
    {
        var report = gate.Report;
        return new JsonObject
        {
            ["id"] = WireName.Of(report.Stage),
            ["stage"] = WireName.Of(report.Stage),
            ["decision"] = WireName.Of(report.Decision),
            ["tier"] = WireName.Of(report.Tier),
            ["model_version"] = report.ModelVersion,
            ["gate_source"] = report.GateSource,
            ["evaluated_on"] = GovernanceLedger.Day(report.EvaluatedOn),
            ["relies_on_waivers"] = report.ReliesOnWaivers,
            ["met"] = report.Requirements.Count(r => r.Met),
            ["unmet"] = report.Unmet.Count,
            ["requirements"] = new JsonArray([.. gate.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["requirement"] = l.Requirement.Requirement,
                ["kind"] = WireName.Of(l.Requirement.Kind),
                ["met"] = l.Requirement.Met,
                ["by_waiver"] = l.Requirement.ByWaiver,
                ["label"] = l.Label,
                ["reason"] = l.Reason,
                ["raw_reason"] = l.Requirement.Reason,
                ["owner"] = l.Owner,
                ["control"] = l.Requirement.Control,
                ["frameworks"] = new JsonArray([.. l.Requirement.Frameworks.Select(f => (JsonNode)JsonValue.Create(f)!)]),
                ["remedy"] = l.Requirement.Remedy,
            })]),
        };
    }
}
