using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Governance;
using Attest.Engine.Ledger;
using Attest.Engine.Oversight;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Monitoring;

/// <summary>
/// Records observed outcomes (ground truth) of logged decisions, by decision id or by system and external id. All or
/// nothing: an unknown decision is named by its index in the batch (400), the same outcome again is a no-op, another value
/// for a decision that has one is a conflict (409). One batch is about one system; it is one ledger entry with the digest
/// of what it recorded.
/// </summary>
public sealed class RecordOutcomes(AttestDbContext db, GovernedWrites writes, TimeProvider time)
{
    public const int MaxBatch = 10_000;
    public const int MaxOutcomeLength = 1000;

    public async Task<Result<OutcomesResultDto>> ExecuteAsync(OutcomesInput input, CallerIdentity caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(caller);
        var now = time.GetUtcNow();
        var errors = new FieldErrors();
        var items = input.Outcomes;
        if (items is null || items.Count == 0)
            return Result<OutcomesResultDto>.Invalid("outcomes", "is required: a list of {decision | system + external_id, outcome, observed_at}");
        if (items.Count > MaxBatch)
            return Result<OutcomesResultDto>.Invalid("outcomes", $"at most {MaxBatch} outcomes a request, got {items.Count}");
        var values = new string?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var o = items[i];
            var at = $"outcomes[{i}]";
            if (o is null) { errors.Add(at, "expected an object"); continue; }
            if (o.Decision is null && (o.System is null || o.ExternalId is null))
                errors.Add($"{at}.decision", "is required: the decision id, or system and external_id");
            else if (o.Decision is not null && (o.System is not null || o.ExternalId is not null))
                errors.Add($"{at}.decision", "name the decision by its id or by system and external_id, not both");
            values[i] = Text(o.Outcome);
            if (values[i] is null) errors.Add($"{at}.outcome", "is required: the observed outcome (text, number or true/false)");
            else if (values[i]!.Length > MaxOutcomeLength) errors.Add($"{at}.outcome", $"must be at most {MaxOutcomeLength} characters");
            if (o.ObservedAt is { } observed && observed > now)
                errors.Add($"{at}.observed_at", $"must not be in the future (now is {now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)})");
        }
        if (errors.Any) return errors.ToResult<OutcomesResultDto>();

        var scope = Access.ReadScopeOf(caller);
        // Resolve every reference first (reads only), so an unknown decision anywhere writes nothing.
        var ids = items.Where(o => o.Decision is not null).Select(o => o.Decision!).Distinct(StringComparer.Ordinal).ToList();
        var byId = new Dictionary<string, (string Id, string SystemId)>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
            foreach (var d in await db.Decisions.AsNoTracking().Where(d => chunk.Contains(d.Id)).Select(d => new { d.Id, d.SystemId }).ToListAsync(ct))
                byId[d.Id] = (d.Id, d.SystemId);
        var systems = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in items.Where(o => o.Decision is null).Select(o => o.System!).Distinct(StringComparer.Ordinal))
            systems[name] = await db.Systems.AsNoTracking().WhereIdOrSlug(name).Select(s => s.Id).FirstOrDefaultAsync(ct);
        var byExternal = new Dictionary<(string, string), string>();
        foreach (var group in items.Where(o => o.Decision is null && systems[o.System!] is not null).GroupBy(o => systems[o.System!]!))
            foreach (var chunk in group.Select(o => o.ExternalId!).Distinct(StringComparer.Ordinal).Chunk(500))
                foreach (var d in await db.Decisions.AsNoTracking().Where(d => d.SystemId == group.Key && chunk.Contains(d.ExternalId)).Select(d => new { d.Id, d.ExternalId }).ToListAsync(ct))
                    byExternal[(group.Key, d.ExternalId)] = d.Id;

        var resolved = new (string DecisionId, string SystemId)[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var o = items[i];
            (string, string)? found = o.Decision is not null
                ? byId.TryGetValue(o.Decision, out var d) ? d : null
                : systems[o.System!] is { } sid && byExternal.TryGetValue((sid, o.ExternalId!), out var did) ? (did, sid) : null;
            if (found is null || !scope.Includes(found.Value.Item2))
                errors.Add(o.Decision is not null ? $"outcomes[{i}].decision" : $"outcomes[{i}].external_id",
                    o.Decision is not null ? $"no decision '{o.Decision}'" : $"no decision with external_id '{o.ExternalId}' of system '{o.System}'");
            else
                resolved[i] = found.Value;
        }
        if (errors.Any) return errors.ToResult<OutcomesResultDto>();
        var systemIds = resolved.Select(r => r.SystemId).Distinct(StringComparer.Ordinal).ToList();
        if (systemIds.Count > 1)
        {
            var first = resolved[0].SystemId;
            var other = Array.FindIndex(resolved, r => r.SystemId != first);
            return Result<OutcomesResultDto>.Invalid($"outcomes[{other}]", "a batch records outcomes of one system; this decision belongs to another system than outcomes[0]");
        }
        // The same decision twice in one batch with two values is a conflict too.
        var wanted = new Dictionary<string, (string Value, int Index, DateTimeOffset? ObservedAt)>(StringComparer.Ordinal);
        var conflicts = new Dictionary<string, string[]>();
        for (var i = 0; i < items.Count; i++)
        {
            if (wanted.TryGetValue(resolved[i].DecisionId, out var before) && before.Value != values[i])
                conflicts[$"outcomes[{i}].outcome"] = [$"outcomes[{before.Index}] gives decision {resolved[i].DecisionId} the outcome \"{before.Value}\", this one \"{values[i]}\""];
            else
                wanted[resolved[i].DecisionId] = (values[i]!, i, items[i].ObservedAt);
        }
        if (conflicts.Count > 0)
            return Result<OutcomesResultDto>.Conflict("An outcome contradicts another in the same batch; nothing was recorded.", conflicts);

        return await writes.ChangeAsync(caller, Permissions.DecisionsOutcomes, WriteTarget.System(systemIds[0]), async change =>
        {
            var rows = new List<DecisionRow>();
            foreach (var chunk in wanted.Keys.Chunk(500))
                rows.AddRange(await db.Decisions.Where(d => chunk.Contains(d.Id)).ToListAsync(ct));
            var recorded = 0;
            var unchanged = 0;
            var clash = new Dictionary<string, string[]>();
            foreach (var row in rows)
            {
                var (value, index, observedAt) = wanted[row.Id];
                if (row.Outcome is null)
                {
                    row.Outcome = value;
                    row.OutcomeObservedAt = (observedAt ?? change.Now).ToUniversalTime();
                    row.OutcomeRecordedAt = change.Now;
                    recorded++;
                }
                else if (row.Outcome == value)
                    unchanged++;
                else
                    clash[$"outcomes[{index}].outcome"] = [$"decision {row.Id} already has the outcome \"{row.Outcome}\" (recorded {row.OutcomeRecordedAt:yyyy-MM-dd HH:mm} UTC); got \"{value}\""];
            }
            if (clash.Count > 0)
                return Result<OutcomesResultDto>.Conflict("An outcome differs from the one already recorded for its decision; nothing was recorded.", clash);
            if (recorded > 0)
            {
                var digest = LedgerHashing.Sha256Hex(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", wanted.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => $"{w.Key}\t{w.Value.Value}"))));
                await change.RecordAsync(LedgerActions.OutcomesRecorded, new JsonObject
                {
                    ["count"] = recorded,
                    ["unchanged"] = unchanged,
                    ["sha256"] = digest,
                }, ct);
            }
            return Result<OutcomesResultDto>.Ok(new OutcomesResultDto(recorded, unchanged, [change.System.Slug]));
        }, ct);
    }

    private static string? Text(JsonElement? value) => value?.ValueKind switch
    {
        JsonValueKind.String => value.Value.GetString(),
        JsonValueKind.Number when value.Value.TryGetDouble(out var d) && double.IsFinite(d) => CanonicalText.Number(d),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
