using Attest.Core.Data;
using Attest.Engine.Inventory;

namespace Attest.Core.Features.Inventory;

/// <summary>What a caller supplies to register or replace an AI system.</summary>
public sealed record SystemInput
{
    public string? Slug { get; init; }
    public string? Name { get; init; }
    public string? Purpose { get; init; }
    public string? IntendedUse { get; init; }
    public string? BusinessOwner { get; init; }
    public string? TechnicalOwner { get; init; }
    public string? BusinessUnit { get; init; }
    public LifecycleStage? Stage { get; init; }
    public List<string>? DeploymentSurfaces { get; init; }
    public List<string>? UserPopulations { get; init; }
    public List<string>? Jurisdictions { get; init; }
    public List<string>? DataClasses { get; init; }
    public List<string>? ThirdPartyDependencies { get; init; }
    public List<LinkInput>? Links { get; init; }
}

public sealed record LinkInput
{
    public string? Title { get; init; }
    public string? Url { get; init; }
}

public sealed record LinkDto(string Title, string Url);

public sealed record SystemSummary(
    string Id, string Slug, string Name, LifecycleStage Stage, string BusinessOwner, string TechnicalOwner,
    string BusinessUnit, string? EuAiActClass, string? Tier, int ModelCount, int DeploymentCount,
    DateTimeOffset UpdatedAt, int Version);

public sealed record SystemDetails(
    string Id, string Slug, string Name, string Purpose, string? IntendedUse, string BusinessOwner,
    string TechnicalOwner, string BusinessUnit, LifecycleStage Stage, IReadOnlyList<LifecycleStage> AllowedNextStages,
    IReadOnlyList<string> DeploymentSurfaces, IReadOnlyList<string> UserPopulations, IReadOnlyList<string> Jurisdictions,
    IReadOnlyList<string> DataClasses, IReadOnlyList<string> ThirdPartyDependencies, IReadOnlyList<LinkDto> Links,
    string? EuAiActClass, string? Tier, IReadOnlyList<ModelVersionDto> Models, IReadOnlyList<DeploymentDto> Deployments,
    IReadOnlyList<DatasetRef> Datasets, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version);

public sealed record DatasetRef(string Id, string Slug, string Name);

internal static class SystemMapping
{
    public static SystemSummary ToSummary(this AiSystem s) => new(
        s.Id, s.Slug, s.Name, s.Stage, s.BusinessOwner, s.TechnicalOwner, s.BusinessUnit, s.EuAiActClass, s.Tier,
        s.ModelVersions.Count, s.Deployments.Count, s.UpdatedAt, s.Version);

    public static SystemDetails ToDetails(this AiSystem s, IReadOnlyDictionary<string, Dataset> datasetsById) => new(
        s.Id, s.Slug, s.Name, s.Purpose, s.IntendedUse, s.BusinessOwner, s.TechnicalOwner, s.BusinessUnit, s.Stage,
        LifecycleTransitions.AllowedFrom(s.Stage), s.DeploymentSurfaces, s.UserPopulations, s.Jurisdictions, s.DataClasses,
        s.ThirdPartyDependencies, s.Links.Select(l => new LinkDto(l.Title, l.Url)).ToList(), s.EuAiActClass, s.Tier,
        s.ModelVersions.OrderBy(m => m.Name, StringComparer.Ordinal).ThenByDescending(m => m.CreatedAt).Select(m => m.ToDto(s.Slug, datasetsById)).ToList(),
        s.Deployments.OrderBy(d => d.Environment).ThenBy(d => d.Region, StringComparer.Ordinal).Select(d => d.ToDto(s)).ToList(),
        s.ModelVersions.SelectMany(m => m.TrainingDatasets).Select(t => datasetsById[t.DatasetId]).DistinctBy(d => d.Id)
            .OrderBy(d => d.Slug, StringComparer.Ordinal).Select(d => new DatasetRef(d.Id, d.Slug, d.Name)).ToList(),
        s.CreatedAt, s.UpdatedAt, s.Version);
}
