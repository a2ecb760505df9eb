using System.Text.Json;
using Attest.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Oversight;

internal static class DecisionViews
{
    public static JsonElement Output(string text, bool isNumber) =>
        isNumber ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text);

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    /// <summary>The decisions as people read them, with the state of their latest review and the output a person gave.</summary>
    public static async Task<IReadOnlyList<DecisionDto>> ToDtosAsync(AttestDbContext db, IReadOnlyList<DecisionRow> rows, DateTimeOffset now, CancellationToken ct)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var items = await db.ReviewItems.AsNoTracking().Where(i => ids.Contains(i.DecisionId)).ToListAsync(ct);
        var latest = items.GroupBy(i => i.DecisionId).ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).First());
        var resolved = items.Where(i => i.ResolvedAt is not null).GroupBy(i => i.DecisionId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(i => i.ResolvedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).First());
        var systemIds = rows.Select(r => r.SystemId).Distinct().ToList();
        var slugs = await db.Systems.AsNoTracking().Where(s => systemIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.Slug, ct);
        return rows.Select(r =>
        {
            var item = latest.GetValueOrDefault(r.Id);
            var final = resolved.GetValueOrDefault(r.Id);
            return new DecisionDto(r.Id, r.SystemId, slugs.GetValueOrDefault(r.SystemId, r.SystemId), r.ExternalId, r.ModelVersionLabel, r.ModelVersionId, r.DeploymentId,
                r.OccurredAt, r.RecordedAt, r.InputDigest, r.InputJson is null ? null : Json(r.InputJson), Output(r.Output, r.OutputIsNumber), r.Confidence,
                Json(r.FactorsJson), Json(r.FeaturesJson), r.AttributesJson is not null, r.AttributesSha256, r.Ungoverned, r.Route, IngestDecisions.Reasons(r.ReasonsJson),
                r.PolicyVersion, r.PolicySha256, item?.Id ?? r.QueueItemId, item is null ? null : ReviewItemStates.Effective(item, now),
                final?.FinalOutput is { } f ? Output(f, final.FinalOutputIsNumber) : null, r.BatchId);
        }).ToList();
    }
}
