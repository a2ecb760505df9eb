using System.Text.Json;
using Attest.Core.Common;
using Attest.Core.Data;
using Attest.Core.Features.Inventory;
using Attest.Core.Gates;
using Attest.Engine.Gates;
using Microsoft.EntityFrameworkCore;

namespace Attest.Core.Features.Gates;

public sealed record MaterialChangeView(
    string CandidateVersion, bool Material, IReadOnlyList<string> Fired, IReadOnlyList<TriggerCheck> Checks,
    IReadOnlyList<FieldDiff> Diff, IReadOnlyList<MetricDiff> MetricDiff);

/// <summary>
/// A system's model versions judged against the last approved one (the model version of the latest go or conditional go):
/// material changes lapse the approval and need a new review. Empty with a note when nothing was approved yet.
/// </summary>
public sealed record SystemChangesView(string SystemId, string System, string? ApprovedVersion, string? ApprovedByReview, string? Note, IReadOnlyList<MaterialChangeView> Changes);

public sealed class ListMaterialChanges(AttestDbContext db, GateData gates)
{
    public async Task<Result<SystemChangesView>> ExecuteAsync(string idOrSlug, CancellationToken ct)
    {
        var system = await db.FindSystemAsync(idOrSlug, ct);
        if (system is null)
            return Result<SystemChangesView>.NotFound($"No AI system '{idOrSlug}'.");
        var decided = await db.Reviews.AsNoTracking()
            .Where(r => r.SystemId == system.Id && r.ModelVersionId != null && r.Status == ReviewStatus.Decided
                && (r.Decision == BoardDecision.Go || r.Decision == BoardDecision.ConditionalGo))
            .ToListAsync(ct);
        var approvedReview = decided.OrderBy(r => r.DecidedAt).ThenBy(r => r.Id, StringComparer.Ordinal).LastOrDefault();
        if (approvedReview is null)
            return Result<SystemChangesView>.Ok(new SystemChangesView(system.Id, system.Slug, null, null,
                "No model version of this system has been approved yet, so there is nothing to compare with.", []));

        var versions = await db.ModelVersions.AsNoTracking().Include(v => v.TrainingDatasets).ThenInclude(t => t.Dataset)
            .Where(v => v.SystemId == system.Id).ToListAsync(ct);
        var deployments = await db.Deployments.AsNoTracking().Where(d => d.SystemId == system.Id).ToListAsync(ct);
        var approved = versions.Single(v => v.Id == approvedReview.ModelVersionId);
        var approvedConfig = ModelConfigurations.Of(system, approved, deployments);
        var changes = versions
            .Where(v => v.Id != approved.Id && v.CreatedAt >= approved.CreatedAt)
            .OrderBy(v => v.CreatedAt).ThenBy(v => v.Id, StringComparer.Ordinal)
            .Select(v =>
            {
                var a = MaterialChangeAssessor.Assess(gates.Catalog.MaterialChangeTriggers, approvedConfig, ModelConfigurations.Of(system, v, deployments));
                return new MaterialChangeView(a.CandidateVersion, a.Material, a.Fired, a.Checks, a.Diff, a.MetricDiff);
            })
            .ToArray();
        return Result<SystemChangesView>.Ok(new SystemChangesView(system.Id, system.Slug, approved.Label, approvedReview.Id, null, changes));
    }
}

/// <summary>The configuration facts material-change rules compare, read from the inventory.</summary>
internal static class ModelConfigurations
{
    public static ModelConfiguration Of(AiSystem system, ModelVersion version, IReadOnlyList<Deployment> deployments)
    {
        var config = ParseConfig(version.ConfigJson);
        string[] One(string? value) => string.IsNullOrWhiteSpace(value) ? [] : [value];
        string[] FromConfig(string key, params string?[] fallback)
        {
            if (config.TryGetValue(key, out var v))
                return v.ValueKind == JsonValueKind.Array
                    ? v.EnumerateArray().Select(e => e.ToString()).Order(StringComparer.Ordinal).ToArray()
                    : One(v.ToString());
            return fallback.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!).Take(1).ToArray();
        }
        var mine = deployments.Where(d => d.ModelVersionId == version.Id).ToList();
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            [ConfigurationFields.TrainingDataSource] = version.TrainingDatasets.Select(t => t.Dataset?.Slug ?? t.DatasetId).Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.LabelPolicy] = FromConfig("label_policy"),
            [ConfigurationFields.Architecture] = FromConfig("architecture"),
            [ConfigurationFields.ModelFamily] = FromConfig("model_family", version.Name),
            [ConfigurationFields.PromptTemplateHash] = One(version.PromptTemplateSha256),
            [ConfigurationFields.RetrievalCorpus] = One(version.RetrievalCorpusSha256),
            [ConfigurationFields.SafetyFilterPolicy] = FromConfig("safety_filter_policy"),
            [ConfigurationFields.UserPopulations] = config.ContainsKey("user_populations") ? FromConfig("user_populations") : system.UserPopulations.Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.DeploymentRegions] = mine.Select(d => d.Region).Distinct().Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.DeploymentEnvironments] = mine.Select(d => Engine.Classification.WireName.Of(d.Environment)).Distinct().Order(StringComparer.Ordinal).ToArray(),
            [ConfigurationFields.IntendedPurpose] = FromConfig("intended_purpose", system.IntendedUse, system.Purpose),
            [ConfigurationFields.ThirdPartyProvider] = One(version.ProviderName),
            [ConfigurationFields.ThirdPartyModel] = FromConfig("third_party_model"),
        };
        return new ModelConfiguration(version.Label, fields, new Dictionary<string, double>());
    }

    private static Dictionary<string, JsonElement> ParseConfig(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal)
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
