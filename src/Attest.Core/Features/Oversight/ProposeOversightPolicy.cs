using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.DataFiles;
using Attest.Core.Features.Compliance;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

/// <summary>
/// Proposes a new version of a system's oversight policy (YAML or JSON, format attest.oversight-policy/v1). It comes into
/// force only when a second person approves it (<see cref="ApproveOversightPolicy"/>). Against the version in force, every
/// threshold change is listed; for a high or critical tier system they make the version material (its approval then takes a
/// governance lead). A newer proposal supersedes an older one still waiting.
/// </summary>
public sealed class ProposeOversightPolicy(AttestDbContext db, GovernedWrites writes, IdGenerator ids, ComplianceData compliance)
{
    public const int MaxDocumentLength = 256 * 1024;

    /// <param name="source">Where the text came from, for error messages ("request body", a file name).</param>
    public async Task<Result<ProposedPolicyDto>> ExecuteAsync(string systemIdOrSlug, string text, bool yaml, string source, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxDocumentLength)
            return Result<ProposedPolicyDto>.Invalid("body", $"a policy is at most {MaxDocumentLength} characters, got {text.Length}");
        var errors = new List<DataError>();
        var known = compliance.Library.Controls.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var policy = OversightPolicyReader.Read(text, source, yaml, known, errors);
        if (policy is null)
            return Result<ProposedPolicyDto>.Invalid(errors
                .GroupBy(e => e.Path.Length == 0 ? "body" : e.Path, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(e => e.Line is { } line ? $"{e.File}:{line}: {e.Message}" : $"{e.File}: {e.Message}").ToArray()));
        var document = CanonicalJson.ToCanonicalString(policy.ToJson());
        var sha = LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(document));

        return await writes.ChangeAsync(caller, Permissions.OversightPolicyPropose, WriteTarget.System(systemIdOrSlug), async change =>
        {
            var system = change.System;
            var versions = await db.OversightPolicies.Where(p => p.SystemId == system.Id).ToListAsync(ct);
            var inForce = versions.FirstOrDefault(v => v.Status == PolicyStatus.InForce);
            if (inForce is not null && inForce.Sha256 == sha)
                return Result<ProposedPolicyDto>.Conflict($"This policy is identical to version {inForce.Version}, already in force (sha256 {sha}).");
            var changes = OversightPolicyChanges.ThresholdChanges(inForce is null ? null : OversightPolicies.Policy(inForce), policy);
            var material = OversightPolicyChanges.IsMaterial(changes, system.Tier);
            var superseded = versions.Where(v => v.Status == PolicyStatus.Proposed).ToList();
            foreach (var waiting in superseded)
            {
                waiting.Status = PolicyStatus.Superseded;
                waiting.SupersededAt = change.Now;
                waiting.RowVersion++;
            }
            var row = new OversightPolicyVersion
            {
                Id = ids.New("ovp"),
                SystemId = system.Id,
                Version = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1,
                Status = PolicyStatus.Proposed,
                DocumentJson = document,
                Sha256 = sha,
                SourceText = text,
                SourceFormat = yaml ? "yaml" : "json",
                ProposedBy = change.Actor.Id,
                ProposedAt = change.Now,
                ChangesJson = JsonSerializer.Serialize(changes),
                Material = material,
                RowVersion = 1,
            };
            db.OversightPolicies.Add(row);
            await change.RecordAsync(LedgerActions.OversightPolicyProposed, new JsonObject
            {
                ["policy_id"] = row.Id,
                ["version"] = row.Version,
                ["sha256"] = sha,
                ["controls"] = new JsonArray([.. policy.Controls.Select(c => (JsonNode)c)]),
                ["rules"] = new JsonArray([.. policy.Rules.Select(r => (JsonNode)r.Id)]),
                ["rule_count"] = policy.Rules.Count,
                ["store_inputs"] = policy.StoreInputs,
                ["retention_days"] = policy.RetentionDays,
                ["in_force_version"] = inForce?.Version,
                ["changes"] = new JsonArray([.. changes.Select(c => (JsonNode)c)]),
                ["material"] = material,
                ["superseded_proposals"] = new JsonArray([.. superseded.Select(v => (JsonNode)v.Version)]),
            }, ct);
            row.ProposedSeq = PendingLedger.LastSeq(db);
            return Result<ProposedPolicyDto>.Ok(new ProposedPolicyDto(row.Version, row.Status, sha, material, changes));
        }, ct);
    }
}
